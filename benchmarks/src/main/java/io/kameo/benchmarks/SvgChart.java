package io.kameo.benchmarks;

import java.util.List;
import java.util.Locale;

/**
 * Draws the throughput rows as a grouped horizontal bar chart in plain SVG: one group per row, one
 * bar per adapter, each row scaled to its own highest value (rows differ by orders of magnitude),
 * with the absolute value written beside each bar.
 */
final class SvgChart {
  private static final String[] COLORS = {"#d9480f", "#1c7ed6", "#74b816"};
  private static final int WIDTH = 900;
  private static final int LABEL_WIDTH = 230;
  private static final int BAR_AREA = 540;
  private static final int BAR_HEIGHT = 12;
  private static final int GROUP_GAP = 14;
  private static final int TOP = 64;

  private SvgChart() {}

  static String render(String title, String subtitle, List<Row> rows) {
    List<Row> throughput =
        rows.stream()
            .filter(r -> r.isThroughput() && !r.workload.endsWith(CrossCheck.SUFFIX))
            .toList();
    int groupHeight = Row.ADAPTERS.length * BAR_HEIGHT + GROUP_GAP;
    int height = TOP + throughput.size() * groupHeight + 30;
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                + " font-family=\"sans-serif\" font-size=\"11\">%n",
            WIDTH,
            height,
            WIDTH,
            height));
    svg.append(
        String.format(
            Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", WIDTH, height));
    svg.append(text(10, 20, escape(title), "font-size=\"15\" font-weight=\"bold\""));
    svg.append(text(10, 38, escape(subtitle), "fill=\"#555555\""));
    for (int a = 0; a < Row.ADAPTERS.length; a++) {
      int x = LABEL_WIDTH + a * 150;
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"46\" width=\"12\" height=\"10\" fill=\"%s\"/>%n",
              x,
              COLORS[a]));
      svg.append(text(x + 16, 55, Row.ADAPTERS[a], ""));
    }
    int y = TOP;
    for (Row row : throughput) {
      double max = 0;
      for (String adapter : Row.ADAPTERS) {
        double v = row.value(adapter);
        if (!Double.isNaN(v)) {
          max = Math.max(max, v);
        }
      }
      int groupMiddle = y + Row.ADAPTERS.length * BAR_HEIGHT / 2 + 4;
      svg.append(
          text(
              LABEL_WIDTH - 8,
              groupMiddle,
              escape(row.workload + " " + row.metric),
              "text-anchor=\"end\""));
      for (int a = 0; a < Row.ADAPTERS.length; a++) {
        double v = row.value(Row.ADAPTERS[a]);
        int barY = y + a * BAR_HEIGHT;
        int length = Double.isNaN(v) || max == 0 ? 0 : (int) Math.round(BAR_AREA * v / max);
        svg.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>%n",
                LABEL_WIDTH,
                barY,
                Math.max(length, 1),
                BAR_HEIGHT - 2,
                COLORS[a]));
        svg.append(text(LABEL_WIDTH + length + 4, barY + BAR_HEIGHT - 3, row.format(v), ""));
      }
      y += groupHeight;
    }
    svg.append(
        text(
            10,
            height - 10,
            "Bars are scaled per row to the row's best value; labels are absolute (higher is better).",
            "fill=\"#555555\""));
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static String text(int x, int y, String content, String attributes) {
    return String.format(
        Locale.ROOT,
        "<text x=\"%d\" y=\"%d\"%s>%s</text>%n",
        x,
        y,
        attributes.isEmpty() ? "" : " " + attributes,
        content);
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
