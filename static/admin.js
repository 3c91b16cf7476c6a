// The moderation queue, made quicker to work: actions without a page reload, keyboard
// shortcuts as on WordPress's Comments screen, and long comments folded behind "Show more".
// Every action is still a plain POST form: the script only sends that same form with fetch,
// and falls back to submitting it normally whenever the answer is not the JSON it expects.
"use strict";

(() => {
  const table = document.getElementById("queue");
  const live = document.getElementById("queue-live");
  const tabStatus = table?.dataset.status;
  let current = null;

  const rows = () => Array.from(document.querySelectorAll("#queue tbody tr.queue-row"));

  // --- Which row the keys act on ---

  // Highlight a row; focus moves too when the keyboard chose it.
  const mark = (row, focus) => {
    if (!row) return;
    current?.classList.remove("is-current");
    current = row;
    row.classList.add("is-current");
    if (focus) row.focus();
  };

  const step = (by) => {
    const list = rows();
    const index = list.indexOf(current);
    if (index === -1) mark(list[0], true);
    else mark(list[Math.min(Math.max(index + by, 0), list.length - 1)], true);
  };

  // The row to work on next once this one has left the list: the one below, else above.
  const neighbour = (row) => {
    const list = rows();
    const index = list.indexOf(row);
    if (index === -1) return list[0] ?? null;
    return list[index + 1] ?? list[index - 1] ?? null;
  };

  // --- Saying what happened ---

  const announce = (message, ok) => {
    if (!live) return;
    live.classList.toggle("is-error", !ok);
    // Emptied first, so the same words twice in a row are announced twice.
    live.textContent = "";
    window.setTimeout(() => {
      live.textContent = message;
    }, 50);
  };

  // The tabs' texts come from the server, which caps them ("10,000+") as the page does.
  const showCounts = (counts, pendingTotal, pendingText) => {
    for (const [status, n] of Object.entries(counts ?? {})) {
      const count = document.querySelector(`.status-tabs .count[data-status="${status}"]`);
      if (count) count.textContent = `(${n})`;
    }
    const badge = document.querySelector(".site-header .badge");
    if (badge?.firstChild && typeof pendingTotal === "number") {
      badge.firstChild.nodeValue = pendingText ?? String(pendingTotal);
      badge.hidden = pendingTotal === 0;
    }
  };

  // --- Long comments ---

  const fold = (root) => {
    for (const body of root.querySelectorAll(".comment-content[data-long]")) {
      if (body.nextElementSibling?.classList.contains("show-more")) continue;
      body.classList.add("is-collapsed");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "show-more";
      button.setAttribute("aria-controls", body.id);
      button.setAttribute("aria-expanded", "false");
      button.textContent = "Show more";
      body.after(button);
    }
  };

  const toggle = (button) => {
    const body = document.getElementById(button.getAttribute("aria-controls"));
    const open = button.getAttribute("aria-expanded") !== "true";
    body?.classList.toggle("is-collapsed", !open);
    button.setAttribute("aria-expanded", String(open));
    button.textContent = open ? "Show less" : "Show more";
  };

  // --- Acting in place ---

  // Send a form as the browser would, asking for JSON; null means "let the browser do it".
  const send = async (form, busy) => {
    if (busy.getAttribute("aria-busy") === "true") return null;
    busy.setAttribute("aria-busy", "true");
    let data = null;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      const type = response.headers.get("Content-Type") ?? "";
      if (type.startsWith("application/json")) data = await response.json();
    } catch {
      data = null;
    }
    busy.removeAttribute("aria-busy");
    if (!data) {
      // A lapsed login or a stale token: the server's own page says what to do.
      form.submit();
      return null;
    }
    announce(data.message, data.ok);
    if (!data.ok) return null;
    showCounts(data.count_texts, data.pending_total, data.pending_text);
    return data;
  };

  const parseRow = (html) => {
    const holder = document.createElement("template");
    holder.innerHTML = html.trim();
    return holder.content.querySelector("tr");
  };

  // What stays where a comment left this tab: what happened, and a way to take it back.
  const noteFor = (row, data) => {
    const note = document.createElement("tr");
    note.className = "queue-note";
    note.id = `note-${data.id}`;
    note.dataset.commentId = data.id;
    note.tabIndex = -1;
    const cell = note.insertCell();
    cell.colSpan = table.tHead?.rows[0]?.cells.length ?? 5;
    const text = document.createElement("span");
    text.textContent = data.message;
    cell.append(text);
    const token = row.querySelector('input[name="csrf_token"]');
    if (data.undo && token) {
      const form = document.createElement("form");
      form.method = "post";
      form.action = data.undo.url;
      form.className = "inline-form";
      form.dataset.inplace = "";
      form.dataset.action = data.undo.action;
      const button = document.createElement("button");
      button.type = "submit";
      button.className = "undo";
      button.textContent = "Undo";
      form.append(token.cloneNode(), button);
      cell.append(" ", form);
    }
    return note;
  };

  const actOnRow = async (form) => {
    const place = form.closest(".queue-row, .queue-note");
    const data = await send(form, place);
    if (!data) return;
    if (data.row_html && data.status === tabStatus) {
      // Still in this tab (an undo, say): show the comment as it now is.
      const fresh = parseRow(data.row_html);
      place.replaceWith(fresh);
      fold(fresh);
      mark(fresh, true);
      return;
    }
    const next = neighbour(place);
    const note = noteFor(place, data);
    place.replaceWith(note);
    if (next) mark(next, true);
    else note.focus();
  };

  const actOnBulk = async (form) => {
    const data = await send(form, form);
    if (!data) return;
    for (const { id, status } of data.results) {
      const row = document.getElementById(`comment-${id}`);
      if (!row) continue;
      if (status === tabStatus) row.querySelector('input[name="ids"]').checked = false;
      else row.remove();
    }
    if (!rows().includes(current)) mark(rows()[0], false);
  };

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !table) return;
    if (form.matches("[data-inplace]")) {
      event.preventDefault();
      actOnRow(form);
    } else if (form.matches("[data-inplace-bulk]")) {
      event.preventDefault();
      actOnBulk(form);
    }
  });

  // --- Keys ---

  // A key typed into a field is text, never a command.
  const typing = (target) =>
    target instanceof Element && target.closest("input, textarea, select, [contenteditable]");

  const press = (key) => {
    if (!current?.isConnected) return false;
    const control = current.querySelector(`[data-shortcut="${key}"]`);
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
    if (typing(event.target) || !table) return;
    const key = event.key;
    if (!/^[a-z]$/.test(key)) return;
    if (key === "j") step(1);
    else if (key === "k") step(-1);
    else if (!press(key)) return;
    event.preventDefault();
  });

  // Clicking or tabbing into a row makes it the one the keys act on.
  document.addEventListener("focusin", (event) => {
    const row = event.target instanceof Element && event.target.closest(".queue-row");
    if (row) mark(row, false);
  });

  document.addEventListener("click", (event) => {
    const button = event.target instanceof Element && event.target.closest(".show-more");
    if (button) toggle(button);
  });

  fold(document);
})();
