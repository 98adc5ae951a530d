// The review app's behaviour: the keyboard-driven queue, decision forms, sortable/filterable tables.
// Vanilla JS, no dependencies, nothing loaded from elsewhere (the page's CSP allows only this origin).
"use strict";

(function () {
  const token = document.querySelector('meta[name="grader-token"]').content;

  // ---- decisions ---------------------------------------------------------------------------------
  async function save(form, points) {
    const status = form.querySelector(".saved");
    const body = {
      student_key: form.dataset.student,
      criterion: form.dataset.criterion,
      points: points,
      note: form.elements.note.value,
      private: form.elements.private.value,
    };
    status.classList.remove("error");
    status.textContent = "…";
    let answer;
    try {
      answer = await fetch("/api/decide", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Grader-Token": token },
        body: JSON.stringify(body),
        credentials: "same-origin",
      });
    } catch (e) {
      status.classList.add("error");
      status.textContent = String(e);
      return false;
    }
    const data = await answer.json().catch(() => ({ error: answer.statusText }));
    if (!answer.ok) {
      status.classList.add("error");
      status.textContent = data.error || answer.statusText;
      return false;
    }
    // the word comes from the catalogue (html.saved), put on the page by the template
    status.textContent = "✔ " + (document.documentElement.dataset.saved || "saved");
    form.dataset.saved = data.points === null ? "withdrawn" : String(data.points);
    return true;
  }

  function chosen(form) {
    const exact = form.elements.points.value.trim().replace(",", ".");
    if (exact !== "") return Number(exact);
    const radio = form.querySelector('input[name="grade"]:checked');
    return radio ? Number(radio.value) : null;
  }

  function setGrade(form, grade) {
    const radios = form.querySelectorAll('input[name="grade"]');
    if (!radios[grade]) return;
    radios[grade].checked = true;
    form.elements.points.value = radios[grade].value;
  }

  document.querySelectorAll("form.decide").forEach((form) => {
    form.querySelectorAll('input[name="grade"]').forEach((radio) =>
      radio.addEventListener("change", () => { form.elements.points.value = radio.value; }));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const points = chosen(form);
      if (points === null) {
        form.querySelector(".saved").textContent = "0 / 1 / 2?";
        return;
      }
      if (await save(form, points)) decided(form);
    });
    form.addEventListener("click", async (event) => {
      const action = event.target.closest("button[data-action]");
      if (!action) return;
      if (action.dataset.action === "accept") {
        form.elements.points.value = form.dataset.graderPoints;
        if (await save(form, Number(form.dataset.graderPoints))) decided(form);
      } else if (action.dataset.action === "withdraw") {
        if (await save(form, null)) decided(form);
      }
    });
  });

  // ---- the queue ---------------------------------------------------------------------------------
  const items = Array.from(document.querySelectorAll(".qitem"));
  let current = -1;

  function show(index) {
    if (!items.length) return;
    index = Math.max(0, Math.min(items.length - 1, index));
    if (current >= 0) {
      items[current].classList.remove("current");
      document.getElementById("d-" + current).hidden = true;
    }
    current = index;
    items[current].classList.add("current");
    items[current].scrollIntoView({ block: "nearest" });
    document.getElementById("d-" + current).hidden = false;
    history.replaceState(null, "", "#" + current);
  }

  function step(direction) {
    const hide = document.body.classList.contains("hide-done");
    for (let i = current + direction; i >= 0 && i < items.length; i += direction) {
      if (!hide || !items[i].classList.contains("done")) return show(i);
    }
  }

  function decided(form) {
    const detail = form.closest(".qdetail");
    if (!detail) {
      // A student page: show the new points, marks and totals as the outputs now have them.
      setTimeout(() => location.reload(), 300);
      return;
    }
    const index = Number(detail.dataset.index);
    items[index].classList.add("done");
    items[index].querySelector(".check").textContent = "✔";
    items[index].querySelector(".pts").textContent =
      (form.dataset.saved === "withdrawn" ? "–" : form.dataset.saved) + "/" + form.dataset.max;
    const open = items.filter((i) => !i.classList.contains("done")).length;
    document.getElementById("open-count").textContent = open;
    const next = items.findIndex((item, i) => i > index && !item.classList.contains("done"));
    if (next >= 0) setTimeout(() => show(next), 150);
  }

  function currentForm() {
    return current >= 0 ? document.querySelector("#d-" + current + " form.decide") : null;
  }

  if (items.length) {
    const fromHash = Number(location.hash.slice(1));
    const firstOpen = items.findIndex((i) => !i.classList.contains("done"));
    show(Number.isInteger(fromHash) && location.hash ? fromHash : Math.max(0, firstOpen));
    items.forEach((item, i) => item.addEventListener("click", () => show(i)));
    const hide = document.getElementById("hide-done");
    hide.addEventListener("change", () => document.body.classList.toggle("hide-done", hide.checked));
  }

  document.addEventListener("keydown", (event) => {
    if (!items.length || event.altKey || event.ctrlKey || event.metaKey) {
      if (event.key === "Enter" && event.ctrlKey && currentForm()) currentForm().requestSubmit();
      return;
    }
    const typing = event.target.closest("textarea, input[type=number], input[type=search]");
    if (typing) {
      if (event.key === "Escape") event.target.blur();
      return;
    }
    const form = currentForm();
    switch (event.key) {
      case "j": case "ArrowDown": step(1); break;
      case "k": case "ArrowUp": step(-1); break;
      case "0": case "1": case "2": if (form) setGrade(form, Number(event.key)); break;
      case "Enter":
        if (form) form.requestSubmit();
        else if (current >= 0) document.querySelector("#d-" + current + " a.primary-link")?.click();
        break;
      case "a": if (form) form.querySelector('button[data-action="accept"]').click(); break;
      case "n": if (form) form.elements.note.focus(); break;
      default: return;
    }
    event.preventDefault();
  });

  // ---- tables: click a header to sort, type to filter ---------------------------------------------
  document.querySelectorAll("table.sortable").forEach((table) => {
    table.querySelectorAll("th[data-sort]").forEach((th, column) => {
      th.addEventListener("click", () => {
        const ascending = !th.classList.contains("asc");
        table.querySelectorAll("th").forEach((h) => h.classList.remove("asc", "desc"));
        th.classList.add(ascending ? "asc" : "desc");
        const numeric = th.dataset.sort === "num";
        const rows = Array.from(table.tBodies[0].rows);
        const value = (row) => {
          const cell = row.cells[column];
          const raw = cell.dataset.value !== undefined ? cell.dataset.value : cell.textContent;
          return numeric ? Number(raw) : raw.toLowerCase();
        };
        rows.sort((a, b) => (value(a) > value(b) ? 1 : value(a) < value(b) ? -1 : 0) * (ascending ? 1 : -1));
        rows.forEach((row) => table.tBodies[0].appendChild(row));
      });
    });
  });
  document.querySelectorAll("input[data-filter]").forEach((input) => {
    const table = input.parentElement.querySelector("table.sortable") ||
      document.querySelector("table.sortable");
    input.addEventListener("input", () => {
      const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      Array.from(table.tBodies[0].rows).forEach((row) => {
        const text = (row.textContent + " " + row.className).toLowerCase();
        row.hidden = !words.every((w) => text.includes(w));
      });
    });
  });
})();
