/* The qualification quiz (pages/quiz.py): scores the reader's answers in the page.
 *
 * Linked on every page; does nothing where there is no quiz. Sends nothing anywhere: no
 * fetch, no XHR, no storage. Taxonomy text is never inserted as markup: rule titles and
 * links are read from the page's own (escaped, engine-resolved) rule list and set with
 * textContent. The result code's format is documented in pages/quiz.py, whose
 * decode_result reads it back.
 */
(() => {
  "use strict";

  const DO = 1;
  const DONT = 2; // 3 + k: Don't, breaks rule k

  function fnv1a(text) {
    let hash = 0x811c9dc5;
    for (const byte of new TextEncoder().encode(text)) {
      hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
    }
    return hash.toString(16).padStart(8, "0");
  }

  function rulesOnPage() {
    const found = new Map();
    for (const a of document.querySelectorAll("a[data-tx-rule]")) {
      found.set(a.dataset.txRule, { title: a.textContent.trim(), href: a.getAttribute("href") });
    }
    return found;
  }

  function answerOf(fieldset) {
    const chosen = fieldset.querySelector("input[type=radio]:checked");
    const select = fieldset.querySelector("select");
    const verdict = chosen ? chosen.value : "";
    return { verdict, rule: verdict === "dont" && select ? select.value : "" };
  }

  function valueOf(answer, data) {
    if (answer.verdict === "do") return DO;
    if (answer.verdict !== "dont") return 0;
    const k = data.rules.indexOf(answer.rule);
    return k < 0 ? DONT : DONT + 1 + k;
  }

  function isRight(item, answer) {
    if (item.verdict === "do") return answer.verdict === "do";
    return answer.verdict === "dont" && answer.rule === item.rule;
  }

  function resultCode(data, values, score) {
    const digits = values.map((v) => v.toString(36).padStart(data.width, "0")).join("");
    const body = [data.format, data.taxonomy, data.version, `${score}/${values.length}`, digits]
      .join("-");
    return `${body}-${fnv1a(`${body}|${data.key}`)}`;
  }

  function ruleLink(rules, id) {
    const rule = rules.get(id) || { title: id, href: null };
    const link = document.createElement(rule.href ? "a" : "span");
    if (rule.href) link.href = rule.href;
    link.className = "tx-quiz-rule-link";
    link.textContent = `“${rule.title}”`;
    return link;
  }

  function said(answer, rules) {
    if (answer.verdict === "do") return "you said Do";
    if (answer.verdict !== "dont") return "not answered";
    if (!answer.rule) return "you said Don't but chose no rule";
    return `you said it breaks “${(rules.get(answer.rule) || { title: answer.rule }).title}”`;
  }

  function feedbackParts(item, answer, right, rules) {
    const truth = item.verdict === "do" ? "it is a Do for " : "it is a Don't: it breaks ";
    const head = right ? "✓ Right: " : `✗ Wrong: ${said(answer, rules)}; `;
    return [head + truth, ruleLink(rules, item.rule), "."];
  }

  function fill(node, parts) {
    node.replaceChildren(...parts.map((p) => (typeof p === "string" ? document.createTextNode(p) : p)));
  }

  function setup(root) {
    const island = document.getElementById("tx-quiz-data");
    const form = root.querySelector("form");
    if (!island || !form) return;
    const data = JSON.parse(island.textContent);
    const rules = rulesOnPage();
    const items = Array.from(form.querySelectorAll("fieldset.tx-quiz-item"));
    const status = root.querySelector(".tx-quiz-status");
    const review = root.querySelector(".tx-quiz-review");
    const again = root.querySelector(".tx-quiz-again");
    const submit = form.querySelector("button[type=submit]");

    const syncSelect = (fieldset) => {
      const select = fieldset.querySelector("select");
      if (select) select.disabled = fieldset.disabled || answerOf(fieldset).verdict !== "dont";
    };

    const score = () => {
      const answers = items.map(answerOf);
      const values = answers.map((a) => valueOf(a, data));
      let right = 0;
      const mistakes = [];
      items.forEach((fieldset, i) => {
        const item = data.items[Number(fieldset.dataset.item)];
        const ok = isRight(item, answers[i]);
        right += ok ? 1 : 0;
        if (!ok) mistakes.push([i, item]);
        fieldset.classList.toggle("tx-quiz-right", ok);
        fieldset.classList.toggle("tx-quiz-wrong", !ok);
        const feedback = fieldset.querySelector(".tx-quiz-feedback");
        fill(feedback, feedbackParts(item, answers[i], ok, rules));
        feedback.hidden = false;
        fieldset.querySelector(".tx-quiz-caption").hidden = false;
        fieldset.disabled = true; // the code records these answers; "Start again" to change
      });
      const blank = answers.filter((a) => !a.verdict).length;
      showReview(right, mistakes, blank, resultCode(data, values, right));
      submit.hidden = true;
      again.hidden = false;
      review.focus(); // the submit button is gone; the review is what comes next
    };

    const showReview = (right, mistakes, blank, code) => {
      const unanswered = blank ? ` (${blank} not answered)` : "";
      status.textContent = `You scored ${right} of ${items.length}` +
        (mistakes.length ? `; ${mistakes.length} to review${unanswered}.` : ": all right.");
      const parts = [];
      if (mistakes.length) {
        const heading = document.createElement("p");
        heading.className = "tx-quiz-review-title";
        heading.textContent = "Read these rules again:";
        const list = document.createElement("ul");
        for (const [i, item] of mistakes) {
          const li = document.createElement("li");
          const jump = document.createElement("a");
          jump.href = `#${items[i].id}`;
          jump.textContent = `Question ${i + 1}`;
          fill(li, [jump, item.verdict === "do" ? ": a Do for " : ": breaks ",
            ruleLink(rules, item.rule)]);
          list.append(li);
        }
        parts.push(heading, list);
      }
      parts.push(codeBox(code));
      review.replaceChildren(...parts);
      review.hidden = false;
    };

    const codeBox = (code) => {
      const box = document.createElement("p");
      box.className = "tx-quiz-code";
      const label = document.createElement("label");
      label.htmlFor = "tx-quiz-code";
      label.textContent = "Result code for your lead: ";
      const field = document.createElement("input");
      field.id = "tx-quiz-code";
      field.readOnly = true;
      field.value = code;
      field.spellcheck = false;
      field.addEventListener("focus", () => field.select());
      const copy = document.createElement("button");
      copy.type = "button";
      copy.className = "md-button tx-quiz-copy";
      copy.textContent = "Copy";
      copy.addEventListener("click", () => copyCode(field, copy));
      box.append(label, field, " ", copy);
      return box;
    };

    const copyCode = (field, button) => {
      const done = () => { button.textContent = "Copied"; };
      field.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, () => {});
      } else if (document.execCommand && document.execCommand("copy")) {
        done();
      }
    };

    const restart = () => {
      form.reset();
      for (const fieldset of items) {
        fieldset.disabled = false;
        fieldset.classList.remove("tx-quiz-right", "tx-quiz-wrong");
        fieldset.querySelector(".tx-quiz-feedback").hidden = true;
        fieldset.querySelector(".tx-quiz-caption").hidden = true;
        syncSelect(fieldset);
      }
      status.textContent = "Answers cleared.";
      review.replaceChildren();
      review.hidden = true;
      submit.hidden = false;
      again.hidden = true;
      const first = form.querySelector("input[type=radio]");
      if (first) first.focus();
    };

    form.addEventListener("change", (event) => {
      const fieldset = event.target.closest("fieldset");
      if (fieldset) syncSelect(fieldset);
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      score();
    });
    again.addEventListener("click", restart);
    items.forEach(syncSelect);
    submit.hidden = false;
    for (const note of document.querySelectorAll(".tx-quiz .tx-quiz-nojs")) note.hidden = true;
  }

  function init() {
    const root = document.getElementById("tx-quiz");
    if (!root || root.dataset.txQuiz === "ready") return;
    root.dataset.txQuiz = "ready";
    setup(root);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
  // mkdocs-material's instant navigation swaps pages without loading scripts again.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  }
})();
