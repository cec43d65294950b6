/*
 * The checker "Does the Act apply to my contract?": a small interpreter of the rules the page embeds as JSON.
 *
 * No rule lives here. The questions, answers, effects, results and other rules all come from
 * data/applicability.yml (exported by scripts/socialvalue/applicability.py, which also holds the reference
 * evaluator this file must agree with). The answers are kept in the address (?question=answer&...), so a
 * result can be shared and a reload restores it. Text from the rules is set with textContent, never as HTML.
 * Without JavaScript the page shows the same rules as a decision list.
 */
(function () {
  "use strict";

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function find(list, id) {
    for (var i = 0; i < list.length; i++) if (list[i].id === id) return list[i];
    return null;
  }

  function visible(question, asked) {
    if (!question.show_if) return true;
    return Object.keys(question.show_if).every(function (on) {
      return question.show_if[on].indexOf(asked[on]) !== -1;
    });
  }

  function matches(when, asked) {
    return when.some(function (condition) {
      return Object.keys(condition).every(function (on) { return condition[on].indexOf(asked[on]) !== -1; });
    });
  }

  // The same walk as evaluate() in applicability.py: ask in order, skip hidden questions, stop where told.
  function evaluate(rules, answers) {
    var reasons = [], asked = {}, order = [], verdict = "applies", decider = null;
    for (var i = 0; i < rules.questions.length; i++) {
      var question = rules.questions[i];
      if (!visible(question, asked)) continue;
      var option = find(question.options, answers[question.id]);
      if (!option) return { next: question, reasons: reasons, asked: asked, order: order };
      asked[question.id] = option.id;
      order.push(question.id);
      reasons.push({ question: question, option: option });
      var effect = rules.effects[option.effect];
      // The deciding answer: the one that changed the verdict last (none when every answer simply fits).
      if (effect.verdict && verdict !== "does-not-apply") {
        if (effect.verdict !== verdict) decider = reasons.length - 1;
        verdict = effect.verdict;
      }
      if (effect.stops) break;
    }
    return {
      verdict: verdict, reasons: reasons, asked: asked, order: order, decider: decider,
      others: rules.other_rules.filter(function (rule) { return matches(rule.when, asked); })
    };
  }

  function Checker(box, rules) {
    this.box = box;
    this.rules = rules;
    this.answers = {};
    this.editing = null;
  }

  Checker.prototype.readAddress = function () {
    var params = new URLSearchParams(window.location.search);
    var answers = {};
    this.rules.questions.forEach(function (question) {
      var value = params.get(question.id);
      if (value !== null && find(question.options, value)) answers[question.id] = value;
    });
    this.answers = answers;
    this.editing = null;
  };

  Checker.prototype.writeAddress = function () {
    var params = new URLSearchParams(), answers = this.answers;
    this.rules.questions.forEach(function (question) {
      if (answers[question.id]) params.set(question.id, answers[question.id]);
    });
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "");
    if (url !== window.location.pathname + window.location.search) window.history.pushState(null, "", url);
  };

  Checker.prototype.start = function () {
    var self = this;
    this.readAddress();
    window.addEventListener("popstate", function () {
      self.readAddress();
      self.render(true);
    });
    this.box.hidden = false;
    // The full question list is hidden while the checker runs (CSS, from the first paint); a link shows it,
    // and so does an address that points into it.
    var list = document.getElementById("sv-checker-list");
    function showList() { if (list) list.classList.add("sv-checker-list--shown"); }
    var show = document.querySelector("[data-sv-show-list]");
    if (show) show.addEventListener("click", showList);
    if (list && window.location.hash && list.querySelector(window.location.hash.replace(/[^\w#-]/g, ""))) showList();
    window.addEventListener("hashchange", function () {
      if (list && window.location.hash && list.querySelector(window.location.hash.replace(/[^\w#-]/g, ""))) showList();
    });
    // A shared or reloaded address shows its result without moving focus: the reader starts at the top,
    // with the skip link first, as on any other page.
    this.render(false);
  };

  Checker.prototype.render = function (moveFocus) {
    var state = evaluate(this.rules, this.answers);
    var question = this.editing ? find(this.rules.questions, this.editing) : state.next;
    this.box.textContent = "";
    if (question) this.box.appendChild(this.questionView(question, state));
    else this.box.appendChild(this.resultView(state));
    if (moveFocus) {
      var target = this.box.querySelector("[data-focus]");
      if (target) target.focus();
    }
  };

  Checker.prototype.links = function (item) {
    var parts = [el("span", { class: "sv-links__label", text: "Sources: " })];
    item.sources.forEach(function (source, i) {
      if (i) parts.push("; ");
      parts.push(el("a", { href: source.url, text: source.title }));
    });
    parts.push(". ", el("span", { class: "sv-links__label", text: "Read more: " }),
      el("a", { href: item.guidance.url, text: item.guidance.title }), ".");
    return el("span", { class: "sv-links" }, parts);
  };

  Checker.prototype.questionView = function (question, state) {
    var self = this;
    var done = state.order.indexOf(question.id);
    var step = done === -1 ? state.order.length + 1 : done + 1;
    var current = this.answers[question.id];
    var options = question.options.map(function (option, i) {
      var id = "sv-answer-" + i;
      var input = el("input", { type: "radio", name: "sv-answer", id: id, value: option.id });
      if (option.id === current) input.checked = true;
      return el("div", { class: "sv-checker__option" }, [input, el("label", { for: id, text: option.label })]);
    });
    var error = el("p", { class: "sv-checker__error", id: "sv-error", role: "alert" });
    var title = el("h2", { class: "sv-checker__title", id: "sv-question", tabindex: "-1", "data-focus": "" },
      [question.text]);
    var fieldset = el("fieldset", { class: "sv-checker__fieldset", "aria-describedby": "sv-hint sv-error" }, [
      el("legend", { class: "sv-checker__legend" }, [title]),
      el("p", { class: "sv-checker__hint", id: "sv-hint" }, [question.hint + " ",
        el("a", { href: question.guidance.url, text: "Read more: " + question.guidance.title })]),
      error
    ].concat(options));
    var back = el("button", { type: "button", class: "md-button", text: "Back" });
    var form = el("form", { class: "sv-checker__form", novalidate: "", "data-question": question.id }, [
      el("p", { class: "sv-checker__progress", text: "Question " + step }),
      fieldset,
      el("div", { class: "sv-checker__actions" }, [
        el("button", { type: "submit", class: "md-button md-button--primary", text: "Continue" }),
        step > 1 ? back : null
      ])
    ]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var chosen = form.querySelector("input[name=sv-answer]:checked");
      if (!chosen) {
        error.textContent = "Choose an answer to continue.";
        form.querySelector("input[name=sv-answer]").focus();
        return;
      }
      self.answers[question.id] = chosen.value;
      self.editing = null;
      self.writeAddress();
      self.render(true);
    });
    back.addEventListener("click", function () {
      var before = state.order[(done === -1 ? state.order.length : done) - 1];
      self.editing = before || null;
      self.render(true);
    });
    return form;
  };

  Checker.prototype.resultView = function (state) {
    var self = this;
    var rules = this.rules;
    var verdict = rules.verdicts[state.verdict];
    var reasons = state.reasons.map(function (reason) {
      var change = el("button", { type: "button", class: "sv-reason__change" }, ["Change",
        el("span", { class: "sv-visually-hidden", text: " your answer to: " + reason.question.text })]);
      change.addEventListener("click", function () {
        self.editing = reason.question.id;
        self.render(true);
      });
      return el("li", {
        class: "sv-reason sv-reason--" + reason.option.effect, "data-question": reason.question.id,
        "data-option": reason.option.id, "data-effect": reason.option.effect
      }, [
        el("strong", { class: "sv-reason__tag", text: rules.effects[reason.option.effect].label + ": " }),
        el("span", { class: "sv-reason__answer", text: reason.question.text + " " + reason.option.label + ". " }),
        el("span", { class: "sv-reason__text", text: reason.option.reason }), " ",
        self.links(reason.option), " ", change
      ]);
    });
    var parts = [
      el("h2", { class: "sv-result__heading", id: "sv-result-heading", tabindex: "-1", "data-focus": "" },
        [verdict.heading]),
      el("p", { class: "sv-result__summary", text: verdict.summary })
    ];
    // What to do next comes straight after the verdict; the reasons follow, folded, the deciding one marked.
    if (verdict.next_steps.length) {
      parts.push(el("h3", { text: "What the Act would ask you to do next" }),
        el("ul", { class: "sv-result__steps" }, verdict.next_steps.map(function (step) {
          return el("li", {}, [el("span", { class: "sv-step__text", text: step.text }), " ", self.links(step)]);
        })));
    }
    if (state.others.length) {
      parts.push(el("h3", { text: "What else may apply" }),
        el("ul", { class: "sv-result__others" }, state.others.map(function (rule) {
          return el("li", { "data-rule": rule.id }, [el("strong", { text: rule.title + ": " }), rule.text, " ",
            self.links(rule)]);
        })));
    }
    var decided = state.decider === null ? null : state.reasons[state.decider];
    if (decided) {
      reasons[state.decider].classList.add("sv-reason--deciding");
      reasons[state.decider].insertBefore(
        el("strong", { class: "sv-reason__deciding", text: "This answer decided the result. " }),
        reasons[state.decider].firstChild);
    }
    var count = state.reasons.length === 1 ? "your answer" : "your " + state.reasons.length + " answers";
    // The deciding answer is named above the folded reasons, so it shows without opening them.
    if (decided) {
      parts.push(el("p", { class: "sv-result__decider" }, ["The deciding answer: ",
        el("strong", { text: decided.question.text + " " + decided.option.label + "." })]));
    }
    parts.push(el("details", { class: "sv-result__why" }, [
      el("summary", {}, [el("span", { class: "sv-result__why-title", text: "Why: " + count + " and what each one means" })]),
      el("ol", { class: "sv-result__reasons" }, reasons)
    ]));
    parts.push(
      el("div", { class: "admonition note sv-result__caution" }, [el("p", { text: rules.caution })]),
      el("p", { class: "sv-result__reviewed" }, ["These rules were last reviewed on ",
        el("time", { datetime: rules.last_reviewed, text: rules.last_reviewed_text }), "."]),
      el("p", { class: "sv-result__share" }, ["To share this result, copy the address of this page: ",
        el("a", { href: window.location.href, text: "link to this result" }), "."])
    );
    var again = el("button", { type: "button", class: "md-button", text: "Start again" });
    again.addEventListener("click", function () {
      self.answers = {};
      self.editing = null;
      window.history.pushState(null, "", window.location.pathname);
      self.render(true);
    });
    parts.push(el("p", { class: "sv-checker__actions" }, [again]));
    return el("section", { class: "sv-result sv-result--" + state.verdict, "aria-labelledby": "sv-result-heading" },
      parts);
  };

  function init() {
    var box = document.getElementById("sv-checker");
    if (!box || box.getAttribute("data-ready")) return;
    var data = document.getElementById(box.getAttribute("data-rules"));
    if (!data) return;
    box.setAttribute("data-ready", "true");
    new Checker(box, JSON.parse(data.textContent)).start();
  }

  // Material's instant navigation swaps pages without reloading; document$ tells us when a page is shown.
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
