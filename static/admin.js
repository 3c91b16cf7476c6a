// Keyboard shortcuts for the moderation queue, as on WordPress's Comments screen.
// A key only presses a control the row already has (a POST form's button, a link, the
// checkbox), so the script adds no action the page lacks without it.
"use strict";

(() => {
  const rows = Array.from(document.querySelectorAll(".queue tbody tr"));
  if (rows.length === 0) return;
  let current = -1;

  // Highlight a row; focus moves too when the keyboard chose it.
  const mark = (index, focus) => {
    if (index < 0 || index >= rows.length) return;
    rows[current]?.classList.remove("is-current");
    current = index;
    rows[current].classList.add("is-current");
    if (focus) rows[current].focus();
  };

  // A key typed into a field is text, never a command.
  const typing = (target) =>
    target instanceof Element && target.closest("input, textarea, select, [contenteditable]");

  const press = (key) => {
    const row = rows[current];
    const control = row?.querySelector(`[data-shortcut="${key}"]`);
    if (!control) return false;
    if (control.tagName === "SUMMARY") {
      // Open the reply form (a click would close it if already open) and start typing.
      control.parentElement.open = true;
      control.parentElement.querySelector("textarea")?.focus();
    } else {
      control.click();
    }
    return true;
  };

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.shiftKey) return;
    if (typing(event.target)) return;
    const key = event.key;
    if (!/^[a-z]$/.test(key)) return;
    if (key === "j") mark(current + 1, true);
    else if (key === "k") mark(Math.max(current - 1, 0), true);
    else if (!press(key)) return;
    event.preventDefault();
  });

  // Clicking or tabbing into a row makes it the one the keys act on.
  rows.forEach((row, index) => row.addEventListener("focusin", () => mark(index, false)));
})();
