"""The audio task's keys beside its label keys: playback, regions, text and submit.

Kept apart from the task (``_audio_task.py``) so each module stays small: these are data, the
candidates ``widgets/_keys.py`` turns into the one keymap; the task only picks which apply.
"""

from __future__ import annotations

from nblabel.widgets._keys import Action

#: Keys beside the label keys; candidates in order of preference (``widgets/_keys.py``).
PLAY_ACTIONS = (
    Action("play", (" ",), "play / pause"),
    Action("seek_back", ("ArrowLeft",), "back 1 s (Shift: 5 s)"),
    Action("seek_fwd", ("ArrowRight",), "forward 1 s (Shift: 5 s)"),
    Action("seek_back_far", ("Shift+ArrowLeft",), "back 5 s"),
    Action("seek_fwd_far", ("Shift+ArrowRight",), "forward 5 s"),
    Action("slower", ("<", ","), "slower"),
    Action("faster", (">", "."), "faster"),
    Action("replay", ("r", "R"), "replay region / selection"),
    Action("zoom_in", ("=", "+"), "zoom in"),
    Action("zoom_out", ("-", "_"), "zoom out"),
    Action("spectrogram", ("v", "V"), "waveform / spectrogram", optional=True),
)
REGION_ACTIONS = (
    Action("mark_in", ("[",), "mark in at playhead (or move region start)"),
    Action("mark_out", ("]",), "mark out at playhead (or move region end)"),
    Action("region_next", ("Tab",), "next region", optional=True),
    Action("region_prev", ("Shift+Tab",), "previous region", optional=True),
    Action("remove", ("Delete", "Backspace"), "delete region"),
    Action("accept_pre", ("a", "y"), "accept pre-annotation"),
    Action("accept_all", ("A", "Y"), "accept all pre-annotations"),
    Action("reject_pre", ("x", "n"), "reject pre-annotation"),
    Action("reject_all", ("X", "N"), "reject all pre-annotations"),
    Action("clear", ("Escape",), "clear selection"),
)
TEXT_ACTION = Action("text", ("t", "T"), "type text: region or transcript (Esc leaves)")
SUBMIT = Action("submit", ("Enter",), "save, next clip", saves="the clip's labels and regions")
