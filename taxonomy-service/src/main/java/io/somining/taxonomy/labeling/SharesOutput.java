package io.somining.taxonomy.labeling;

import io.somining.platform.csv.Csv;
import java.util.List;
import java.util.Locale;

/** Category shares as CSV (one row per node) and as an SVG tree (one line per node, indented, with a bar for its share). */
public final class SharesOutput {

    private static final int ROW = 18;
    private static final int INDENT = 18;
    private static final int BAR_X = 520;
    private static final int BAR_WIDTH = 200;

    private SharesOutput() {
    }

    public static String csv(List<LabelingService.Share> shares) {
        StringBuilder csv = new StringBuilder("node_id,depth,platform,name,questions,share_of_platform\n");
        for (LabelingService.Share share : shares) {
            csv.append(Csv.row(share.nodeId(), share.depth(), share.platform(), share.name(), share.questions(),
                    share.share()));
        }
        return csv.toString();
    }

    public static String svg(String title, List<LabelingService.Share> shares) {
        int height = (shares.size() + 2) * ROW + 10;
        StringBuilder svg = new StringBuilder()
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(BAR_X + BAR_WIDTH + 90)
                .append("\" height=\"").append(height).append("\" font-family=\"sans-serif\" font-size=\"12\">\n")
                .append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n")
                .append("<text x=\"10\" y=\"").append(ROW).append("\" font-size=\"14\" font-weight=\"bold\">")
                .append(escape(title)).append("</text>\n");
        int y = 2 * ROW;
        for (LabelingService.Share share : shares) {
            int x = 10 + share.depth() * INDENT;
            String weight = share.depth() == 0 ? " font-weight=\"bold\"" : "";
            svg.append("<text x=\"").append(x).append("\" y=\"").append(y).append('"').append(weight).append('>')
                    .append(escape(share.name())).append("</text>\n");
            double value = share.share() == null ? 0 : share.share();
            svg.append("<rect x=\"").append(BAR_X).append("\" y=\"").append(y - 11).append("\" width=\"")
                    .append(format(value * BAR_WIDTH)).append("\" height=\"12\" fill=\"#4e79a7\"/>\n");
            svg.append("<text x=\"").append(BAR_X + BAR_WIDTH + 6).append("\" y=\"").append(y).append("\">")
                    .append(share.questions()).append(share.share() == null ? "" : " (" + format(100 * value) + " %)")
                    .append("</text>\n");
            y += ROW;
        }
        return svg.append("</svg>\n").toString();
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
