"""What the loop tells the user during a session: the model status with every label, and a
suggestion's runner-up."""

from __future__ import annotations

import numpy as np
from sklearn.linear_model import LogisticRegression

from nblabel import ActiveLearning


def test_model_status_counts_every_label_before_the_first_model(digits_task, connect):
    labeler, X, truth, _ = digits_task
    browser = connect(labeler)
    loop = ActiveLearning(labeler, LogisticRegression(max_iter=300), X, start=20)
    assert labeler.model_status == "no model yet: 0/20 labels · diverse picks first"
    browser.msg(kind="hello")
    for pos in range(7):
        item = browser.item(pos)
        browser.label(pos, truth[item["id"]])
    assert labeler.model_status == "no model yet: 7/20 labels"
    browser.msg(kind="undo", seq=99, pos=6, id=browser.item(6)["id"])
    assert labeler.model_status == "no model yet: 6/20 labels"
    loop.close()


def test_one_class_says_why_no_model_comes(digits_task, connect):
    labeler, X, _truth, _ = digits_task
    browser = connect(labeler)
    loop = ActiveLearning(labeler, LogisticRegression(max_iter=300), X, start=3)
    browser.msg(kind="hello")
    for pos in range(3):
        browser.label(pos, "0")
    assert labeler.model_status == "no model yet: 3/3 labels, all one class (it needs two)"
    loop.close()


def test_suggestion_carries_the_runner_up_when_the_fit_kept_it(digits_task, connect):
    labeler, X, _truth, _ = digits_task
    loop = ActiveLearning(labeler, LogisticRegression(max_iter=300), X, start=20)
    n = X.shape[0]
    loop._classes = np.array(["a", "b", "c"])
    loop._best, loop._confidence = np.zeros(n, dtype=np.int32), np.full(n, 0.6)
    assert "runner_up" not in loop._suggestion(0)
    loop._second = (np.full(n, 2, dtype=np.int32), np.full(n, 0.3))
    assert loop._suggestion(0) == {
        "label": "a",
        "confidence": 0.6,
        "runner_up": {"label": "c", "confidence": 0.3},
    }
    loop.close()


def test_suggestions_carry_the_runner_up_and_the_threshold_reaches_the_widget(digits_task, connect):
    from sklearn.linear_model import LogisticRegression

    from nblabel import ActiveLearning

    labeler, X, truth, _ = digits_task
    browser = connect(labeler)
    loop = ActiveLearning(labeler, LogisticRegression(max_iter=500), X, start=20, suggest_above=0.6)
    assert labeler.suggest_above == 0.6
    browser.msg(kind="hello")
    for pos in range(20):
        browser.label(pos, truth[browser.item(pos)["id"]])
    assert loop.wait(30)
    suggestion = browser.item(25)["suggestion"]
    runner_up = suggestion["runner_up"]
    assert runner_up["label"] != suggestion["label"]
    assert 0 < runner_up["confidence"] <= suggestion["confidence"]
    loop.close()


def test_the_loop_finds_likely_label_errors_with_its_own_estimator(digits_task, connect):
    from sklearn.linear_model import LogisticRegression

    from nblabel import ActiveLearning

    labeler, X, truth, store = digits_task
    browser = connect(labeler)
    loop = ActiveLearning(labeler, LogisticRegression(max_iter=500), X, start=400)
    browser.msg(kind="hello")
    flipped = {}
    for pos in range(120):
        item_id = browser.item(pos)["id"]
        label = truth[item_id]
        if pos % 20 == 0:  # six labels flipped on purpose
            label = str((int(label) + 1) % 10)
            flipped[item_id] = label
        browser.label(pos, label)
    errors = loop.label_errors(folds=3)
    assert set(errors.index) <= set(store.labels().index)
    assert len(set(errors.head(10).index) & set(flipped)) >= 4
    loop.close()
