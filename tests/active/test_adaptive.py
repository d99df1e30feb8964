"""The adaptive strategy picks a strategy per round and says which one and why."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression

from nblabel import ActiveLearning
from nblabel.active import simulate
from nblabel.active._learners import fit_and_rank
from nblabel.active.adaptive import ARMS, Chooser


@pytest.fixture(scope="module")
def digits():
    X, y = load_digits(return_X_y=True)
    return X / 16.0, y


def test_simulate_records_each_rounds_choice_and_reward(digits):
    X, y = digits
    curve = simulate(
        X[:900],
        y[:900],
        LogisticRegression(max_iter=500),
        X_test=X[900:],
        y_test=y[900:],
        strategy="adaptive",
        budget=120,
    )
    assert set(curve["choice"]) <= set(ARMS)
    assert curve["reward"].notna().sum() >= 3  # rewards arrive once probes are labeled
    assert curve["random_share"].between(0, 1).all()
    assert curve["accuracy"].iloc[-1] > curve["accuracy"].iloc[0]


def test_the_chooser_credits_the_strategy_that_picked_each_batch(digits):
    X, y = digits
    chooser, rng = Chooser(seed=1), np.random.default_rng(1)
    rows = np.arange(30)
    for _ in range(5):
        _, queue, _ = fit_and_rank(
            LogisticRegression(max_iter=500),
            X,
            rows,
            y[rows],
            strategy="adaptive",
            batch_size=10,
            rng=rng,
            chooser=chooser,
        )
        rows = np.concatenate([rows, queue[:10]])  # the oracle labels the next batch
    assert sum(n for _, n in chooser.rewards().values()) >= 3
    assert chooser.explain()["choice"] in ARMS
    assert chooser.accuracy is not None and 0 <= chooser.accuracy <= 1


def test_the_loop_history_and_status_say_what_the_bandit_picked(digits_task, connect):
    labeler, X, truth, _ = digits_task
    browser = connect(labeler)
    loop = ActiveLearning(
        labeler, LogisticRegression(max_iter=500), X, start=20, strategy="adaptive"
    )
    browser.msg(kind="hello")
    for pos in range(20):
        item = browser.item(pos)
        browser.label(pos, truth[item["id"]])
    assert loop.wait(30)
    row = loop.history.iloc[-1]
    assert row["strategy"] in ARMS
    assert "picked" in labeler.model_status
    loop.close()


def test_the_live_loop_keeps_one_bandit_across_retrains(digits_task, connect):
    labeler, X, truth, _ = digits_task
    browser = connect(labeler)
    loop = ActiveLearning(
        labeler,
        LogisticRegression(max_iter=500),
        X,
        start=20,
        retrain_every=10,
        strategy="adaptive",
    )
    browser.msg(kind="hello")
    pos = 0
    for round_size in (20, 10, 10, 10):
        for _ in range(round_size):
            browser.label(pos, truth[browser.item(pos)["id"]])
            pos += 1
        assert loop.wait(30)
    assert loop.version >= 3
    # Rewards are credited one round after a batch is picked: a fresh bandit per round has none.
    assert sum(n for _, n in loop._chooser.rewards().values()) >= 1
    loop.close()
