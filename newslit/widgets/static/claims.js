// Lesson 2's claim sorter: one radio group (fieldset + legend) per claim.
// Article and key text is only ever inserted with textContent; feedback arrives as HTML escaped in Python.

function render({ model, el }) {
  const uid = Math.random().toString(36).slice(2);
  const root = document.createElement("div");
  root.className = "nl-claims-list";
  el.appendChild(root);
  let rows = {};

  function build() {
    root.replaceChildren();
    rows = {};
    const options = model.get("options");
    model.get("items").forEach((item) => {
      const fieldset = document.createElement("fieldset");
      fieldset.className = "nl-claim";
      fieldset.dataset.item = item.id;
      const legend = document.createElement("legend");
      const no = document.createElement("span");
      no.className = "nl-claim-no";
      no.textContent = `Claim ${item.n}`;
      const where = document.createElement("small");
      where.textContent = ` (paragraph ${item.paragraph}) `;
      const quote = document.createElement("span");
      quote.className = "nl-claim-text";
      quote.textContent = `\u201c${item.text}\u201d`;
      legend.append(no, where, quote);
      const box = document.createElement("div");
      box.className = "nl-claim-options";
      const inputs = {};
      options.forEach(([value, name]) => {
        const label = document.createElement("label");
        const input = document.createElement("input");
        input.type = "radio";
        input.name = `nl-claim-${uid}-${item.n}`;
        input.value = value;
        const text = document.createElement("span");
        text.textContent = name;
        label.append(input, text);
        box.appendChild(label);
        inputs[value] = input;
      });
      const fb = document.createElement("div");
      fb.className = "nl-claim-fb";
      fb.id = `nl-claim-fb-${uid}-${item.n}`;
      fb.setAttribute("aria-live", "polite");
      fieldset.setAttribute("aria-describedby", fb.id);
      fieldset.append(legend, box, fb);
      root.appendChild(fieldset);
      rows[item.id] = { fieldset, inputs, fb };
    });
    paint();
  }

  function paint() {
    const labels = model.get("labels") || {};
    const feedback = model.get("feedback") || {};
    const disabled = model.get("disabled");
    Object.entries(rows).forEach(([id, row]) => {
      Object.entries(row.inputs).forEach(([value, input]) => {
        input.checked = labels[id] === value;
        input.disabled = disabled;
      });
      const fb = feedback[id];
      row.fb.dataset.status = fb ? fb.status : "";
      row.fb.innerHTML = fb ? fb.html : ""; // escaped in Python (html.escape)
      row.fieldset.dataset.status = fb ? fb.status : "";
    });
  }

  root.addEventListener("change", (e) => {
    const input = e.target;
    if (input.type !== "radio") return;
    const id = input.closest("fieldset").dataset.item;
    model.set("labels", { ...(model.get("labels") || {}), [id]: input.value });
    model.save_changes();
  });

  // Arrow keys, Home/End and Space belong to the radio group, not to JupyterLab's notebook shortcuts.
  root.addEventListener("keydown", (e) => {
    if (e.target.type === "radio" && ["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", " ", "Home", "End"].includes(e.key)) {
      e.stopPropagation();
    }
  });

  model.on("change:items", build);
  model.on("change:options", build);
  model.on("change:labels", paint);
  model.on("change:feedback", paint);
  model.on("change:disabled", paint);
  build();
}

export default { render };
