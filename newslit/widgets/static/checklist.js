// Article and key text only ever go in with textContent / option.text, never as HTML.
function render({ model, el }) {
  const uid = Math.random().toString(36).slice(2);
  const root = document.createElement("fieldset");
  root.className = "nl-cl";
  const legend = document.createElement("legend");
  const help = document.createElement("p");
  help.className = "nl-cl-help";
  help.id = `nl-cl-help-${uid}`;
  help.textContent =
    "Tab moves between the boxes and menus; Space ticks or unticks a box. When you tick a box, " +
    "a menu lets you choose the sentence where you see the gap (arrow keys choose).";
  const list = document.createElement("ol");
  list.className = "nl-cl-list";
  const status = document.createElement("p");
  status.className = "nl-cl-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  root.append(legend, help, list, status);
  el.appendChild(root);
  let rows = {};

  function stateOf(id) {
    const s = (model.get("state") || {})[id] || {};
    return { checked: !!s.checked, place: Number.isInteger(s.place) ? s.place : -1 };
  }

  function update(id, change) {
    const state = { ...(model.get("state") || {}) };
    state[id] = { ...stateOf(id), ...change };
    model.set("state", state);
    model.save_changes();
  }

  function build() {
    legend.textContent = model.get("prompt");
    root.setAttribute("aria-describedby", help.id);
    list.replaceChildren();
    rows = {};
    const places = model.get("places") || [];
    model.get("items").forEach((item, n) => {
      const li = document.createElement("li");
      li.className = "nl-cl-item";
      const box = document.createElement("input");
      box.type = "checkbox";
      box.id = `nl-cl-${uid}-${n}`;
      const label = document.createElement("label");
      label.htmlFor = box.id;
      label.textContent = item.question;
      const line = document.createElement("div");
      line.className = "nl-cl-line";
      line.append(box, label);

      const where = document.createElement("div");
      where.className = "nl-cl-where";
      const whereLabel = document.createElement("label");
      const select = document.createElement("select");
      select.id = `nl-cl-${uid}-${n}-where`;
      whereLabel.htmlFor = select.id;
      whereLabel.textContent = "Where in the article? ";
      const none = document.createElement("option");
      none.value = "-1";
      none.text = "(choose the sentence where you see this gap)";
      select.appendChild(none);
      let group = null;
      let lastPara = null;
      places.forEach((p) => {
        if (p.paragraph !== lastPara) {
          group = document.createElement("optgroup");
          group.label = `Paragraph ${p.paragraph}`;
          select.appendChild(group);
          lastPara = p.paragraph;
        }
        const opt = document.createElement("option");
        opt.value = String(p.value);
        opt.text = p.label;
        group.appendChild(opt);
      });
      where.append(whereLabel, select);

      const fb = document.createElement("p");
      fb.className = "nl-cl-fb";
      fb.id = `nl-cl-${uid}-${n}-fb`;
      box.setAttribute("aria-describedby", fb.id);
      select.setAttribute("aria-describedby", fb.id);

      box.addEventListener("change", () => update(item.id, { checked: box.checked }));
      select.addEventListener("change", () => update(item.id, { place: Number(select.value) }));
      li.append(line, where, fb);
      list.appendChild(li);
      rows[item.id] = { li, box, select, fb };
    });
    paint();
  }

  function paint() {
    const feedback = model.get("feedback") || {};
    const disabled = model.get("disabled");
    let ticked = 0;
    Object.entries(rows).forEach(([id, r]) => {
      const s = stateOf(id);
      r.box.checked = s.checked;
      r.box.disabled = disabled;
      r.select.value = String(s.place);
      r.select.disabled = disabled || !s.checked;
      r.li.dataset.checked = s.checked ? "true" : "false";
      if (s.checked) ticked += 1;
      const f = feedback[id];
      r.li.dataset.status = f ? f.status : "";
      r.fb.replaceChildren();
      if (f) {
        const sym = document.createElement("span");
        sym.className = "nl-cl-sym";
        sym.setAttribute("aria-hidden", "true");
        sym.textContent = f.symbol;
        const strong = document.createElement("strong");
        strong.textContent = f.label + ": ";
        r.fb.append(sym, " ", strong, document.createTextNode(f.text));
      }
    });
    const n = Object.keys(rows).length;
    status.textContent = `${ticked} of ${n} statements ticked.`;
  }

  model.on("change:items", build);
  model.on("change:places", build);
  model.on("change:prompt", build);
  model.on("change:state", paint);
  model.on("change:feedback", paint);
  model.on("change:disabled", paint);
  build();
}
export default { render };
