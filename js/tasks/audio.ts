/** Audio: listen, see the waveform, label the clip or its regions, type a transcript; keys first. */
import type { AnyModel } from "@anywidget/types";
import { audioButtons } from "../audio/buttons";
import { Deck } from "../audio/deck";
import { hintLine } from "../audio/describe";
import { TextField } from "../audio/fields";
import { zoom } from "../audio/peaks";
import { AudioMedia, RATES } from "../audio/player";
import { ClipValue, type Region } from "../audio/regions";
import type { Binding, Model } from "../model";
import type { ItemId } from "../protocol";
import type { TaskContext, TaskView } from "../task";
import type { Item } from "../transport/window";
import { el } from "../ui/dom";

/** Synced traits this task adds (widgets/audio.py). */
interface AudioTraits {
  regions: boolean;
  multi: boolean;
  clip_labels: string[];
  transcribe: boolean;
}

export { prepare } from "../audio/item";

export function mount(ctx: TaskContext): TaskView {
  const model = ctx.model as unknown as AnyModel<Model & AudioTraits>;
  const all = model.get("labels");
  const clipLabels = model.get("clip_labels") ?? [];
  const regionLabels = all.slice(0, all.length - clipLabels.length);
  const withRegions = model.get("regions") === true;
  const quick = !withRegions && !model.get("multi") && !model.get("transcribe");
  const root = () => ctx.stage.closest<HTMLElement>(".nblabel");

  const hint = el("div", "nbl-audio-hint");
  const regionLine = el("div", "nbl-audio-region-line");
  let value: ClipValue | null = null;
  let shown: Item | null = null;
  let media: AudioMedia | null = null;
  const drafts = new Map<ItemId, ClipValue>(); // unsaved edits, kept when moving away

  const back = () => root()?.focus();
  const regionText = new TextField(
    "line",
    "nbl-audio-region-text",
    "text of this region",
    (text) => {
      if (value?.selected) value.selected.text = text;
      edited();
    },
    back,
  );
  const transcript = new TextField(
    "area",
    "nbl-audio-transcript",
    "transcript of the clip",
    (text) => {
      if (value) value.transcript = text;
      edited();
    },
    (submit) => {
      back();
      if (submit && shown) act({ key: "Enter", action: "submit", help: "" }, shown);
    },
  );
  regionLine.append(hint, regionText.element);
  transcript.element.hidden = !model.get("transcribe");

  const deck = new Deck(
    ctx.channel,
    regionLabels,
    {
      create: (a, b) => {
        if (!value || !withRegions) return;
        value.selected = value.add(a, b);
        edited();
      },
      select: (r) => select(r),
      changed: () => edited(),
    },
    () => value?.duration ?? 0,
  );
  const { player, wave, requests } = deck;
  deck.element.append(regionLine, transcript.element);
  regionLine.hidden = !withRegions;

  const buttons = audioButtons(ctx, model, regionLabels, clipLabels);
  const { regionButtons, clipButtons } = buttons;

  function select(r: Region | null): void {
    if (!value) return;
    value.selected = r;
    if (r) player.seek(r.start);
    edited(false);
  }

  /** Redraw regions, the hint and the buttons after a change; keep the draft. */
  function edited(changed = true): void {
    if (!value) return;
    if (changed && shown) drafts.set(shown.id, value);
    wave.regions(value);
    const s = value.selected;
    regionText.element.hidden = !s;
    if (s) regionText.set(s.text);
    transcript.set(value.transcript);
    clipButtons.press(value.clipLabels);
    regionButtons.press(new Set(s && s.label >= 0 ? [regionLabels[s.label]] : []));
    hint.dataset.refused = "false";
    hint.textContent = hintLine(value, regionLabels);
  }

  function refuse(why: string): void {
    hint.textContent = why;
    hint.dataset.refused = "true";
    ctx.notice(why);
  }

  function act(binding: Binding, item: Item): void {
    if (item !== shown) return;
    const a = binding.action;
    const t = player.time();
    switch (a) {
      case "play":
        player.toggle();
        break;
      case "seek_back":
      case "seek_fwd":
      case "seek_back_far":
      case "seek_fwd_far":
        player.seek(t + (a.includes("back") ? -1 : 1) * (a.endsWith("far") ? 5 : 1));
        break;
      case "slower":
      case "faster": {
        const i = RATES.indexOf(player.rate);
        const next = (i < 0 ? 2 : i) + (a === "faster" ? 1 : -1);
        player.rate = RATES[Math.min(RATES.length - 1, Math.max(0, next))];
        deck.tick();
        break;
      }
      case "spectrogram":
        wave.spectral = !wave.spectral;
        deck.setView(wave.view);
        break;
      case "zoom_in":
      case "zoom_out":
        deck.setView(zoom(wave.view, a === "zoom_in" ? 2 : 0.5, t, value?.duration ?? 0));
        break;
      default:
        if (value) edit(a, binding.arg ?? -1, t, value, item);
        else ctx.notice("this item cannot be played: s skips it");
    }
  }

  /** Keys that change the value (or replay, or type text). */
  function edit(a: string, arg: number, t: number, v: ClipValue, item: Item): void {
    const s = v.selected;
    if (a === "replay") {
      const from = s?.start ?? v.markIn ?? wave.view.from;
      player.replay(from, s ? s.end : from < t ? t : v.duration);
    } else if (a === "submit") submit(item);
    else if (a === "text") {
      if (s) regionText.focus();
      else if (model.get("transcribe")) transcript.focus();
      else ctx.notice("select a region first (Tab, or click it) to type its text");
    } else if (a === "region_next" || a === "region_prev")
      select(v.neighbour(a === "region_next" ? 1 : -1, t));
    else if (a === "label" && withRegions && arg >= 0 && arg < regionLabels.length) {
      const why = v.labelRegion(arg, t);
      if (why) refuse(why);
      else edited();
    } else if (a === "label" && arg >= 0 && arg < all.length) clipLabel(all[arg], v, item);
    else if (a !== "label") {
      const why = v.key(a, t);
      if (why) refuse(why);
      else edited(a !== "clear");
    }
  }

  /** A clip label's key: saves at once in quick mode, else toggles (one label unless multi). */
  function clipLabel(name: string, v: ClipValue, item: Item): void {
    if (quick) {
      ctx.commit(item, { labels: [name], regions: [], transcript: "" });
      return;
    }
    if (!model.get("multi")) v.clipLabels = new Set(v.clipLabels.has(name) ? [] : [name]);
    else if (v.clipLabels.has(name)) v.clipLabels.delete(name);
    else v.clipLabels.add(name);
    edited();
  }

  function submit(item: Item): void {
    if (!value) return;
    const missing = value.unlabeled();
    if (missing.length > 0) {
      value.selected = missing[0];
      edited(false);
      refuse(`the region at ${missing[0].start.toFixed(2)} s has no label: press a label's key`);
      return;
    }
    if (
      !withRegions &&
      clipLabels.length + regionLabels.length > 0 &&
      value.clipLabels.size === 0 &&
      !value.transcript
    ) {
      refuse("choose a label (or type the transcript), then Enter");
      return;
    }
    drafts.delete(item.id);
    player.pause();
    ctx.commit(item, value.value(withRegions ? clipLabels : all));
  }

  return {
    show(item) {
      shown = item;
      const m = item.media;
      requests.show(m instanceof AudioMedia ? item.id : null);
      if (!(m instanceof AudioMedia)) {
        value = null;
        media = null;
        player.pause();
        ctx.stage.replaceChildren(
          el("div", "nbl-text nbl-audio-error", typeof item.message === "string" ? item.message : ""),
        );
        return;
      }
      if (m !== media) {
        media = m;
        player.load(m);
      }
      value = drafts.get(item.id) ?? new ClipValue(m.duration, regionLabels);
      if (!drafts.has(item.id)) value.load(item.label, item.pre, item.transcript);
      ctx.stage.replaceChildren(deck.element);
      wave.load(m.overview, m.duration);
      if (wave.spectral) deck.setView(wave.view);
      else wave.draw();
      edited(false);
      deck.tick();
    },
    act,
    destroy() {
      deck.destroy();
      regionText.destroy();
      transcript.destroy();
      buttons.destroy();
    },
  };
}
