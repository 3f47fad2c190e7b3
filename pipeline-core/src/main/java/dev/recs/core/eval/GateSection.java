package dev.recs.core.eval;

import static dev.recs.core.eval.EvaluationReport.escape;

import java.util.Locale;
import java.util.Optional;

/**
 * The report's "Quality gate" section: tonight's verdict against the previous published night
 * and each check. Failed means the night is not published; forced means it was published anyway
 * ({@code --force}). The section sits between two comments so that publish, which reaches the
 * binding verdict after the report was written, can put its own in ({@link #replace}).
 */
final class GateSection {
  private static final String START = "<!-- quality-gate -->";
  private static final String END = "<!-- /quality-gate -->";

  private GateSection() {}

  /** The section; {@code gate} empty: the run is not gated, or cannot be (publish names why). */
  static String html(Optional<QualityGate.Verdict> gate) {
    return START + body(gate) + END;
  }

  /** {@code page} with its section showing {@code verdict}; unchanged when it has no section. */
  static String replace(String page, QualityGate.Verdict verdict) {
    int start = page.indexOf(START);
    int end = page.indexOf(END);
    if (start < 0 || end < start) {
      return page;
    }
    return page.substring(0, start) + html(Optional.of(verdict)) + page.substring(end + END.length());
  }

  private static String body(Optional<QualityGate.Verdict> gate) {
    StringBuilder h = new StringBuilder("<h2>Quality gate</h2>");
    if (gate.isEmpty()) {
      return h.append("<p>No verdict: this run is not gated, or tonight's metrics lack a figure the gate "
          + "checks (publish stops and names it).</p>").toString();
    }
    QualityGate.Verdict v = gate.get();
    String against = v.previousDate() == null ? "" : " against dt=" + escape(v.previousDate());
    if (v.forced()) {
      h.append("<p><span class=\"forced\">Forced publish</span>: the gate failed").append(against)
          .append(" and --force published anyway.</p>");
    } else if (!v.passed()) {
      h.append("<p><span class=\"failed\">Failed</span>").append(against)
          .append(": the night is not published and the previous tables stay (--force publishes anyway).</p>");
    } else if (v.checks().isEmpty()) {
      h.append("<p><span class=\"passed\">Passed</span>: nothing compared").append(v.previousDate() == null
          ? " (no earlier published night)." : against + " (the gate is off or no figure is shared).").append("</p>");
    } else {
      h.append("<p><span class=\"passed\">Passed</span>").append(against).append(": ")
          .append(v.checks().size()).append(" checks.</p>");
    }
    if (!v.failed().isEmpty()) {
      h.append("<ul>");
      v.failed().forEach(c -> h.append("<li>").append(escape(c.describe())).append("</li>"));
      h.append("</ul>");
    }
    return v.checks().isEmpty() ? h.toString() : h.append(checks(v)).toString();
  }

  private static String checks(QualityGate.Verdict v) {
    StringBuilder t = new StringBuilder(
        "<table><tr><th>check</th><th>previous</th><th>tonight</th><th>change</th><th>limit</th><th></th></tr>");
    for (QualityGate.Check c : v.checks()) {
      t.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%.4f</td><td>%.4f</td><td>%+.1f%%</td><td>%.0f%%</td>"
              + "<td>%s</td></tr>", escape(c.metric()), c.previous(), c.current(), c.change() * 100, c.limit() * 100,
          c.passed() ? "ok" : "<span class=\"failed\">FAILED</span>"));
    }
    return t.append("</table>").toString();
  }
}
