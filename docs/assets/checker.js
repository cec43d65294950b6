/*
 * The checker "Does the Act apply to my contract?": a small interpreter of the rules on the page.
 *
 * No rule lives here. The questions, answers, effects, results and other rules all come from
 * data/applicability.yml. The page sends them once, as the decision list readers without JavaScript use
 * (scripts/socialvalue/applicability_page.py); readRules() reads them back from its data attributes into the
 * same shape as rules_json() in scripts/socialvalue/applicability.py, which also holds the reference evaluator
 * this file must agree with. The answers are kept in the address (?question=answer&...), so a result can be
 * shared and a reload restores it. Text from the rules is set with textContent, never as HTML.
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

  // ---- Reading the rules from the decision list ----

  function textOf(root, selector) {
    var node = root.querySelector(selector);
    return node ? node.textContent : "";
  }

  // The pieces of the list from a heading to the next heading: a question, a result or another rule.
  function section(heading) {
    var holder = document.createElement("div");
    for (var node = heading.nextElementSibling; node && !/^H[1-3]$/.test(node.tagName); node = node.nextElementSibling) {
      holder.appendChild(node.cloneNode(true));
    }
    return holder;
  }

  function guideOf(root) {
    var link = root.querySelector("[data-sv=guide] a");
    return link ? { title: link.textContent, url: link.getAttribute("href") } : null;
  }

  // The numbered citations [n] link to the page's list of sources, which holds each source's address.
  function sourcesOf(root) {
    return Array.prototype.map.call(root.querySelectorAll("a[href^='#source-']"), function (cite) {
      var target = document.getElementById(cite.getAttribute("href").slice(1));
      return { title: cite.getAttribute("title"), url: target ? target.getAttribute("href") : "" };
    });
  }

  // "question=a b&question=c" -> {question: ["a", "b"], question2: ["c"]}
  function condition(text) {
    var out = {};
    text.split("&").forEach(function (pair) {
      var parts = pair.split("=");
      out[parts[0]] = parts[1].split(" ");
    });
    return out;
  }

  function readRules(box) {
    var list = document.getElementById("sv-checker-list");
    var reviewed = document.querySelector("time[data-sv=reviewed]");
    var rules = {
      last_reviewed: reviewed ? reviewed.getAttribute("datetime") : "",
      last_reviewed_text: reviewed ? reviewed.textContent : "",
      caution: textOf(document, "[data-sv=caution]"),
      effects: JSON.parse(box.getAttribute("data-effects")),
      questions: [], verdicts: {}, other_rules: []
    };
    Array.prototype.forEach.call(list.querySelectorAll("[data-sv-q]"), function (span) {
      var heading = span.closest("h3");
      var body = section(heading);
      var guidance = guideOf(body.querySelector("[data-sv=hint]").parentNode);
      var showIf = span.getAttribute("data-show-if");
      rules.questions.push({
        id: span.getAttribute("data-sv-q"),
        number: parseInt(/\d+/.exec(heading.textContent)[0], 10),
        text: span.textContent,
        hint: textOf(body, "[data-sv=hint]"),
        guidance: guidance,
        show_if: showIf ? condition(showIf) : null,
        options: Array.prototype.map.call(body.querySelectorAll("li"), function (item) {
          var label = item.querySelector("[data-sv-o]");
          return {
            id: label.getAttribute("data-sv-o"), label: label.textContent, effect: label.getAttribute("data-effect"),
            reason: textOf(item, "[data-sv=reason]"), sources: sourcesOf(item), guidance: guideOf(item) || guidance
          };
        })
      });
    });
    Array.prototype.forEach.call(list.querySelectorAll("[data-sv-verdict]"), function (span) {
      var body = section(span.closest("h3"));
      rules.verdicts[span.getAttribute("data-sv-verdict")] = {
        heading: span.textContent,
        summary: textOf(body, "[data-sv=summary]"),
        next_steps: Array.prototype.map.call(body.querySelectorAll("li"), function (item) {
          return { text: textOf(item, "[data-sv=step]"), sources: sourcesOf(item), guidance: guideOf(item) };
        })
      };
    });
    Array.prototype.forEach.call(list.querySelectorAll("[data-sv-other]"), function (span) {
      var body = section(span.closest("h3"));
      var text = body.querySelector("[data-sv=text]").parentNode;
      rules.other_rules.push({
        id: span.getAttribute("data-sv-other"), title: span.textContent,
        when: body.querySelector("[data-when]").getAttribute("data-when").split(";").map(condition),
        text: textOf(text, "[data-sv=text]"), sources: sourcesOf(text), guidance: guideOf(text)
      });
    });
    return rules;
  }

  // For the tests: the rules as this script reads them, to compare with data/applicability.yml.
  window.svCheckerRules = function () {
    var box = document.getElementById("sv-checker");
    return box ? readRules(box) : null;
  };

  // ---- The checker ----

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
    if (!box || box.getAttribute("data-ready") || !document.getElementById("sv-checker-list")) return;
    box.setAttribute("data-ready", "true");
    new Checker(box, readRules(box)).start();
  }

  // Material's instant navigation swaps pages without reloading; document$ tells us when a page is shown.
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
