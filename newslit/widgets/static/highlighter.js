// The article highlighter: one widget for the whole article, its headline and its body.
// Article text is only ever inserted with textContent / text nodes, never as HTML.
// Body words are indexed by "tokens" ("marked", "machine", statuses keyed "3"); when "title_tokens" is set the
// headline's words are markable too, indexed apart ("title_marked", "title_machine", statuses keyed "t3").
// For the keyboard the headline and the body are one sequence of words, the headline first, as it is read.

const STATUS_TEXT = {
  found: "found, in the key",
  near: "near miss, counts",
  missed: "missed, in the key",
  extra: "not in the key",
  defensible: "defensible, no penalty",
  edge: "one word past the key's phrase, not charged",
};

function render({ model, el }) {
  const root = document.createElement("div");
  root.className = "nl-hl";
  // Letter keys pressed on a word must not reach JupyterLab's command-mode shortcuts
  // ("m" would turn this cell into Markdown, "d d" would delete it).
  root.setAttribute("data-lm-suppress-shortcuts", "true");

  const head = document.createElement("div");
  head.className = "nl-hl-head";
  const title = document.createElement("div");
  title.className = "nl-hl-title";
  const byline = document.createElement("div");
  byline.className = "nl-hl-byline";
  head.append(title, byline);

  const help = document.createElement("div");
  help.className = "nl-hl-help";
  help.id = `nl-hl-help-${Math.random().toString(36).slice(2)}`;
  const HELP =
    "Click a word to mark it; click again to unmark. Keyboard: Tab into the article, arrow keys move between words " +
    "(Up/Down jump a paragraph), Space or Enter marks. Marked words are underlined and [bracketed]. " +
    "After Check: \u2713 found, \u2248 near miss, + one word past the key's phrase (not charged), " +
    "\u2717 not in the key, ~ defensible (no penalty), ? missed. " +
    "Dotted underline: flagged by the machine.";
  help.textContent = HELP;

  const body = document.createElement("div");
  body.className = "nl-hl-body";
  body.setAttribute("role", "group");
  body.setAttribute("aria-describedby", help.id);

  const status = document.createElement("div");
  status.className = "nl-hl-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");

  const attribution = document.createElement("div");
  attribution.className = "nl-hl-attribution";

  root.append(head, help, body, status, attribution);
  el.appendChild(root);

  let wordEls = [];
  let paraFirst = [];
  let focusIndex = 0;

  function wordEl(text, part, i) {
    const w = document.createElement("span");
    w.className = "nl-w";
    w.textContent = text;
    w.dataset.index = String(i);
    w.dataset.part = part;
    w.dataset.pos = String(wordEls.length);  // place in the reading order, for the keyboard
    w.setAttribute("role", "button");
    // JupyterLab checks the focused element itself before its ancestors, so each word carries the flag.
    w.setAttribute("data-lm-suppress-shortcuts", "true");
    w.tabIndex = -1;
    wordEls.push(w);
    return w;
  }

  function buildTitle() {
    const text = model.get("title");
    const tokens = model.get("title_tokens") || [];
    title.replaceChildren();
    if (!tokens.length) {
      title.textContent = text;
      title.removeAttribute("role");
      title.removeAttribute("aria-label");
      return;
    }
    title.setAttribute("role", "group");
    title.setAttribute("aria-label", "Headline");
    title.setAttribute("aria-describedby", help.id);
    paraFirst.push(0);
    let pos = 0;
    tokens.forEach(([start, end], i) => {
      if (start > pos) title.appendChild(document.createTextNode(text.slice(pos, start)));
      title.appendChild(wordEl(text.slice(start, end), "title", i));
      pos = end;
    });
    if (pos < text.length) title.appendChild(document.createTextNode(text.slice(pos)));
  }

  function build() {
    const text = model.get("text");
    const tokens = model.get("tokens");
    byline.textContent = model.get("byline");
    attribution.textContent = model.get("attribution");
    body.setAttribute("aria-label", model.get("label"));
    body.replaceChildren();
    wordEls = [];
    paraFirst = [];
    buildTitle();
    help.textContent = HELP + (wordEls.length ? " The headline's words can be marked too: Up from the first paragraph goes to it." : "");
    let paraNumber = 1;
    const newParagraph = () => {
      const para = document.createElement("p");
      const no = document.createElement("span");
      no.className = "nl-para-no";
      no.textContent = String(paraNumber);
      no.setAttribute("aria-label", `Paragraph ${paraNumber}`);
      para.appendChild(no);
      paraNumber += 1;
      return para;
    };
    let p = newParagraph();
    let pos = 0;
    let paraStarted = false;
    const flushGap = (gap) => {
      const parts = gap.split(/\n\s*\n/);
      parts.forEach((part, i) => {
        if (i > 0) {
          body.appendChild(p);
          p = newParagraph();
          paraStarted = false;
        }
        if (part) p.appendChild(document.createTextNode(part));
      });
    };
    tokens.forEach(([start, end], i) => {
      flushGap(text.slice(pos, start));
      if (!paraStarted) {
        paraFirst.push(wordEls.length);
        paraStarted = true;
      }
      p.appendChild(wordEl(text.slice(start, end), "body", i));
      pos = end;
    });
    flushGap(text.slice(pos));
    body.appendChild(p);
    focusIndex = Math.min(focusIndex, Math.max(wordEls.length - 1, 0));
    if (wordEls.length) wordEls[focusIndex].tabIndex = 0;
    paint();
  }

  function paint() {
    const show = model.get("show_machine");
    const marked = { body: new Set(model.get("marked")), title: new Set(model.get("title_marked") || []) };
    const machine = {
      body: new Set(show ? model.get("machine") : []),
      title: new Set(show ? model.get("title_machine") || [] : []),
    };
    const statuses = model.get("statuses") || {};
    wordEls.forEach((w) => {
      const part = w.dataset.part;
      const i = Number(w.dataset.index);
      const on = marked[part].has(i);
      const st = statuses[(part === "title" ? "t" : "") + String(i)] || "";
      const flagged = machine[part].has(i);
      w.classList.toggle("nl-on", on);
      w.classList.toggle("nl-machine", flagged);
      w.dataset.status = st;
      w.setAttribute("aria-pressed", on ? "true" : "false");
      const extras = [];
      if (st) extras.push(STATUS_TEXT[st]);
      if (flagged) extras.push("flagged by the machine");
      const label = w.textContent + (extras.length ? ` (${extras.join("; ")})` : "");
      if (extras.length) {
        w.setAttribute("aria-label", label);
        w.title = extras.join("; ");
      } else {
        w.removeAttribute("aria-label");
        w.removeAttribute("title");
      }
    });
    const n = marked.body.size + marked.title.size;
    status.textContent = n === 1 ? "1 word marked" : `${n} words marked`;
  }

  function toggle(w) {
    const name = w.dataset.part === "title" ? "title_marked" : "marked";
    const i = Number(w.dataset.index);
    const marked = new Set(model.get(name) || []);
    if (marked.has(i)) marked.delete(i);
    else marked.add(i);
    model.set(name, [...marked].sort((a, b) => a - b));
    model.save_changes();
  }

  function focusWord(i) {
    if (!wordEls.length) return;
    i = Math.max(0, Math.min(wordEls.length - 1, i));
    wordEls[focusIndex].tabIndex = -1;
    focusIndex = i;
    wordEls[i].tabIndex = 0;
    wordEls[i].focus();
  }

  // One listener for the headline and the body: a word's place in the reading order is data-pos.
  root.addEventListener("click", (e) => {
    const w = e.target.closest(".nl-w");
    if (!w || model.get("disabled")) return;
    focusWord(Number(w.dataset.pos));
    toggle(w);
  });

  root.addEventListener("keydown", (e) => {
    const w = e.target.closest(".nl-w");
    if (!w) return;
    const i = Number(w.dataset.pos);
    const nextPara = paraFirst.find((s) => s > i);
    const thisPara = [...paraFirst].reverse().find((s) => s <= i) ?? 0;
    const prevPara = [...paraFirst].reverse().find((s) => s < thisPara);
    const moves = {
      ArrowRight: i + 1,
      ArrowLeft: i - 1,
      ArrowDown: nextPara ?? wordEls.length - 1,
      ArrowUp: i > thisPara ? thisPara : prevPara ?? 0,
      Home: 0,
      End: wordEls.length - 1,
    };
    if (e.key in moves) {
      e.preventDefault();
      e.stopPropagation();
      focusWord(moves[e.key]);
    } else if (e.key === " " || e.key === "Enter") {
      e.preventDefault();
      e.stopPropagation();
      if (!model.get("disabled")) toggle(w);
    }
  });

  model.on("change:text", build);
  model.on("change:tokens", build);
  model.on("change:title", build);
  model.on("change:title_tokens", build);
  model.on("change:marked", paint);
  model.on("change:title_marked", paint);
  model.on("change:title_machine", paint);
  model.on("change:statuses", paint);
  model.on("change:machine", paint);
  model.on("change:show_machine", paint);
  build();
}

export default { render };
