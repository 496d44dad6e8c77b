// The newest hint, under the buttons of the highlighting exercise.
// The box is a polite live region that stays on the page, so each new hint is read aloud while focus
// stays on the button that asked for it. Hint text is only ever inserted as text, never as HTML.

function render({ model, el }) {
  const box = document.createElement("div");
  box.className = "nl-hintbox";
  box.setAttribute("role", "status");
  box.setAttribute("aria-live", "polite");
  box.setAttribute("aria-atomic", "true");
  el.appendChild(box);
  let serial = (model.get("hint") || {}).serial;

  function paint() {
    const hint = model.get("hint") || {};
    const fresh = hint.serial !== serial;
    serial = hint.serial;
    box.replaceChildren();
    box.classList.toggle("nl-hintbox-on", Boolean(hint.text));
    if (!hint.text) return;
    const label = document.createElement("strong");
    label.textContent = `${hint.label}: `;
    box.append(label, document.createTextNode(hint.text));
    // A new hint is put where the learner is looking: scrolled into view if the button sits at the bottom edge.
    if (fresh) box.scrollIntoView({ block: "nearest" });
  }

  model.on("change:hint", paint);
  paint();
}

export default { render };
