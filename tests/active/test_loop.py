"""The active-learning loop: cold start, background retrain, reorder, suggestions, bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC

from nblabel import ActiveLearning
from nblabel.active import DEFAULT_STRATEGY, _diverse


def _label_by_oracle(browser, truth, n, start=0):
    ids = []
    for pos in range(start, start + n):
        item = browser.item(pos)
        assert browser.label(pos, truth[item["id"]])["kind"] == "ack"
        ids.append(item["id"])
    return ids


def _first_model(labeler, X, truth, connect, estimator=None, **options):
    """Attach a loop, label the 20 cold-start items as the oracle, wait for the first model."""
    browser = connect(labeler)
    estimator = estimator if estimator is not None else LogisticRegression(max_iter=500)
    loop = ActiveLearning(labeler, estimator, X, start=20, **options)
    browser.msg(kind="hello")
    _label_by_oracle(browser, truth, 20)  # the last one shown is at position 19
    loop.wait(30)
    return browser, loop


def test_cold_start_puts_diverse_items_first(digits_task, connect):
    labeler, X, truth, _ = digits_task
    browser = connect(labeler)
    loop = ActiveLearning(labeler, LogisticRegression(max_iter=500), X, start=20)
    assert browser.sent[0]["kind"] == "reorder" and browser.sent[0]["start"] == 0
    first = labeler.queue_ids(0, 20)
    assert (
        len(set(truth[first])) >= 7
    )  # k-means centres cover most digits; the index order would not
    assert "no model yet" in labeler.model_status
    loop.close()


def test_retrain_runs_in_background_then_reorders_and_suggests(digits_task, connect):
    labeler, X, truth, store = digits_task
    browser = connect(labeler)
    loop = ActiveLearning(
        labeler,
        LogisticRegression(max_iter=500),
        X,
        start=20,
        retrain_every=10,
        holdout=(X[300:], truth.iloc[300:].to_numpy()),
    )
    browser.msg(kind="hello")
    labeled = _label_by_oracle(browser, truth, 20)
    assert "retraining" in labeler.model_status
    assert loop.wait(30)
    browser.msg(kind="poll", pos=20)  # results reach the widget on the main thread, at a message
    assert browser.kinds()[-2:] == ["reorder", "pong"]
    assert loop.version == 1 and loop.history["labels"].tolist() == [20]
    assert 0 < loop.history["accuracy"].iloc[0] <= 1
    assert "model v1" in labeler.model_status
    reorder = browser.sent[-2]
    nxt = browser.item(reorder["start"])
    assert nxt["id"] not in labeled
    assert nxt["suggestion"]["label"] in labeler.labels and 0 < nxt["suggestion"]["confidence"] <= 1
    assert len(store) == 20  # retraining wrote nothing


def test_accepting_a_suggestion_is_a_human_label_flagged_as_suggested(digits_task, connect):
    labeler, X, truth, store = digits_task
    browser, _ = _first_model(labeler, X, truth, connect)
    browser.msg(kind="poll", pos=20)
    pos = browser.sent[-2]["start"]
    item = browser.item(pos)
    suggested = item["suggestion"]["label"]
    browser.label(pos, suggested, suggested=True)
    other = next(
        label for label in labeler.labels if label != browser.item(pos + 1)["suggestion"]["label"]
    )
    browser.label(pos + 1, other)
    history = store.history()
    accepted, overridden = history.iloc[-2], history.iloc[-1]
    assert accepted["source"] == "human" and accepted["meta"]["accepted"] is True
    assert accepted["meta"]["suggestion"] == suggested
    assert overridden["meta"]["accepted"] is False


def test_auto_accept_labels_as_model_and_never_trains_on_it(digits_task, connect):
    labeler, X, truth, store = digits_task
    browser, loop = _first_model(labeler, X, truth, connect, auto_accept=0.5)
    browser.msg(kind="poll", pos=20)
    labels = store.labels()
    model = labels[labels["source"] == "model"]
    assert len(model) > 0 and (labels["source"] == "human").sum() == 20
    assert len(loop._train) == 20
    assert all(a.startswith("model v") for a in model["annotator"])
    confident = [loop.suggestion(i)["confidence"] >= 0.5 for i in model.index]
    assert all(confident)
    queue_ids = labeler.queue_ids(browser.sent[-2]["start"])
    assert not set(model.index) & set(queue_ids[: len(queue_ids) - len(model)])


def test_failing_retrain_leaves_the_store_alone_and_says_why(digits_task, connect):
    labeler, X, truth, store = digits_task

    class Broken(LogisticRegression):
        def fit(self, X, y):
            raise RuntimeError("solver exploded")

    browser, loop = _first_model(labeler, X, truth, connect, Broken())
    browser.msg(kind="poll", pos=20)
    assert "retrain failed: solver exploded" in labeler.model_status
    assert isinstance(loop.last_error, RuntimeError)
    assert len(store) == 20 and loop.version == 0


def test_estimator_without_predict_proba_is_refused(digits_task):
    labeler, X, _, _ = digits_task
    with pytest.raises(TypeError, match=r"LinearSVC has no predict_proba.*CalibratedClassifierCV"):
        ActiveLearning(labeler, LinearSVC(), X)


def test_feature_rows_must_match_items(digits_task):
    labeler, X, _, _ = digits_task
    with pytest.raises(ValueError, match="features have 399 rows but the labeler has 400 items"):
        ActiveLearning(labeler, LogisticRegression(), X[:-1])


def test_feature_frames_align_by_item_id(digits_task):
    labeler, X, _, _ = digits_task
    frame = pd.DataFrame(X, index=labeler.item_ids).iloc[::-1]
    loop = ActiveLearning(labeler, LogisticRegression(), frame)
    np.testing.assert_array_equal(loop.X, X)
    loop.close()
    with pytest.raises(KeyError, match="no row for items 0"):
        ActiveLearning(labeler, LogisticRegression(), frame.drop(index=0))


def test_features_from_a_function_of_the_items(digits_task):
    labeler, X, _, _ = digits_task
    loop = ActiveLearning(
        labeler,
        LogisticRegression(),
        lambda images: np.stack(images).reshape(len(images), -1) / 255.0,
    )
    np.testing.assert_allclose(loop.X, X)
    loop.close()


def test_a_stored_label_outside_the_labels_is_named(digits_task):
    labeler, X, _, store = digits_task
    store.write(5, "maybe")
    with pytest.raises(ValueError, match="item 5 is labeled 'maybe'"):
        ActiveLearning(labeler, LogisticRegression(), X)


def test_multi_label_labelers_are_refused(digits_task):
    from nblabel import Labeler
    from nblabel.datasets import load_digits_frame

    _, X, _, _ = digits_task
    multi = Labeler(load_digits_frame().iloc[:400], "image", labels=["a", "b"], multi=True)
    with pytest.raises(TypeError, match="single-label"):
        ActiveLearning(multi, LogisticRegression(), X)


def test_reorder_starts_just_after_what_the_user_has_seen(digits_task, connect):
    labeler, X, truth, _ = digits_task
    browser = connect(labeler)
    loop = ActiveLearning(labeler, LogisticRegression(max_iter=500), X, start=20)
    browser.msg(kind="hello")
    browser.msg(kind="need", start=0, count=64)  # prefetching far ahead shows nothing yet
    _label_by_oracle(browser, truth, 20)  # the last one shown is at position 19
    loop.wait(30)
    assert browser.sent[-1] == {"kind": "reorder", "version": 2, "start": 23, "total": 400}


def test_undo_takes_the_label_out_of_the_training_set(digits_task, connect):
    labeler, X, truth, _ = digits_task
    browser = connect(labeler)
    loop = ActiveLearning(labeler, LogisticRegression(max_iter=500), X, start=20)
    browser.msg(kind="hello")
    ids = _label_by_oracle(browser, truth, 3)
    browser.msg(kind="undo", seq=99, pos=2, id=ids[2])
    assert set(loop._train) == {labeler.row_of(i) for i in ids[:2]}
    loop.close()


def test_a_result_arriving_after_close_is_dropped(digits_task, connect):
    labeler, X, truth, _ = digits_task
    browser = connect(labeler)
    loop = ActiveLearning(labeler, LogisticRegression(max_iter=500), X, start=20)
    browser.msg(kind="hello")
    _label_by_oracle(browser, truth, 20)
    loop._retrainer.wait_idle(30)  # the result is queued for the main thread...
    loop.close()  # ...and the loop detaches before it is applied
    browser.msg(kind="poll", pos=20)
    assert loop.version == 0 and "reorder" not in browser.kinds()[1:]


def test_auto_accept_spares_what_the_user_sees_and_later_rounds_skip_model_labels(
    digits_task, connect
):
    labeler, X, truth, store = digits_task
    browser, loop = _first_model(labeler, X, truth, connect, auto_accept=0.3, retrain_every=5)
    shown = set(labeler.queue_ids(0, 24))
    model = store.labels().query("source == 'model'")
    assert len(model) and not shown & set(model.index)
    _label_by_oracle(browser, truth, 5, start=24)
    loop.wait(30)
    start = browser.sent[-1]["start"]
    model_ids = set(store.labels().query("source == 'model'").index)
    head = set(labeler.queue_ids(0, start))
    open_items = set(labeler.item_ids) - set(store.labels().index) - head
    ranked = labeler.queue_ids(start, start + len(open_items))
    assert set(ranked) == open_items  # every open item comes before any model-labeled one
    assert not set(ranked) & model_ids


def test_holdout_must_match_the_features(digits_task):
    labeler, X, truth, _ = digits_task
    with pytest.raises(ValueError, match=r"holdout X_test has shape \(10, 3\)"):
        ActiveLearning(labeler, LogisticRegression(), X, holdout=(X[:10, :3], truth[:10]))


def test_feature_frames_name_text_columns_and_repeated_ids(digits_task):
    labeler, X, _, _ = digits_task
    frame = pd.DataFrame(X, index=labeler.item_ids)
    with pytest.raises(TypeError, match=r"\['colour'\] are not numeric"):
        ActiveLearning(labeler, LogisticRegression(), frame.assign(colour="red"))
    with pytest.raises(ValueError, match="more than one row for items 0"):
        ActiveLearning(labeler, LogisticRegression(), pd.concat([frame, frame.iloc[:1]]))


def test_simulate_refuses_a_single_class():
    from nblabel.active import simulate

    X = np.zeros((30, 2))
    with pytest.raises(ValueError, match="single class"):
        simulate(X, np.ones(30), LogisticRegression(), X_test=X, y_test=np.ones(30))


def test_the_default_says_how_many_of_the_most_uncertain_it_swapped(digits_task, connect):
    labeler, X, truth, _ = digits_task
    browser = connect(labeler)
    loop = ActiveLearning(labeler, LogisticRegression(max_iter=500), X, start=20)
    browser.msg(kind="hello")
    for pos in range(20):
        browser.label(pos, truth[browser.item(pos)["id"]])
    assert loop.wait(30)
    row = loop.history.iloc[-1]
    assert row["strategy"] == DEFAULT_STRATEGY
    assert 0 <= row["swapped"] <= loop.batch_size
    assert f"{row['swapped']} of {loop.batch_size} most uncertain swapped" in labeler.model_status
    loop.close()


def test_swapped_counts_picks_outside_the_lowest_open_margins():
    top1 = np.array([0.55, 0.6, 0.65, 0.7, 0.75, 0.6])
    proba = np.stack([top1, 1 - top1], axis=1)  # margins .1 .2 .3 .4 .5 .2
    labeled = np.array([0])
    assert _diverse.swapped(proba, labeled, np.array([1, 5])) == 0  # the two lowest (a tie)
    assert _diverse.swapped(proba, labeled, np.array([1, 4])) == 1
    assert _diverse.swapped(proba, labeled, np.array([3, 4])) == 2
