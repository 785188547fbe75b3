package io.somining.metrics.service;

import io.somining.metrics.repository.TrendQueries;
import io.somining.metrics.rest.DifficultyView;
import io.somining.metrics.rest.TrendView;
import io.somining.metrics.stats.Summary;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.awt.Color;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BoxAndWhiskerRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.BoxAndWhiskerItem;
import org.jfree.data.statistics.DefaultBoxAndWhiskerCategoryDataset;
import org.jfree.svg.SVGGraphics2D;

/**
 * The study's charts as SVG, drawn with JFreeChart: the trend per year (one line per set) and box
 * plots of the minutes to an accepted answer per set, with the R statistics the JSON reports.
 */
@ApplicationScoped
public class ChartService {

    static {
        // charts are drawn off-screen; a server has no display
        System.setProperty("java.awt.headless", "true");
    }

    private static final int WIDTH = 800;
    private static final int HEIGHT = 450;

    public enum Measure { questions, users }

    @Inject
    TrendService trends;

    @Inject
    DifficultyService difficulty;

    public String trend(String studyId, List<String> sets, Measure measure, String site, Integer from, Integer to) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        List<TrendView> views = new ArrayList<>();
        int fromYear = Integer.MAX_VALUE;
        int toYear = Integer.MIN_VALUE;
        for (String set : sets) {
            TrendView view = trends.trend(studyId, set, site, from, to);
            views.add(view);
            for (TrendQueries.YearCount year : view.years()) {
                fromYear = Math.min(fromYear, year.year());
                toYear = Math.max(toYear, year.year());
            }
        }
        // every year of the range on the axis, zero where a set had no question
        for (TrendView view : views) {
            for (int year = fromYear; year <= toYear; year++) {
                int y = year;
                long value = view.years().stream().filter(c -> c.year() == y).findFirst()
                        .map(c -> measure == Measure.questions ? c.questions() : c.users()).orElse(0L);
                data.addValue(value, view.setId(), Integer.toString(year));
            }
        }
        JFreeChart chart = ChartFactory.createLineChart(
                (measure == Measure.questions ? "Questions" : "Askers") + " per year, " + studyId
                        + (site == null ? "" : " (" + site + ")"),
                "year", measure == Measure.questions ? "questions" : "distinct askers", data, PlotOrientation.VERTICAL,
                true, false, false);
        return svg(chart);
    }

    public String responseTimes(String studyId, List<String> sets, String site, boolean logScale) {
        DefaultBoxAndWhiskerCategoryDataset data = new DefaultBoxAndWhiskerCategoryDataset();
        for (String set : sets) {
            DifficultyView view = difficulty.difficulty(studyId, set, site);
            Summary s = view.responseMinutes();
            if (s != null) {
                List<Double> outliers = s.outliers();
                Double minOutlier = outliers.isEmpty() ? null : outliers.get(0);
                Double maxOutlier = outliers.isEmpty() ? null : outliers.get(outliers.size() - 1);
                data.add(new BoxAndWhiskerItem((Number) s.mean(), (Number) s.median(), (Number) s.box().lowerHinge(),
                        (Number) s.box().upperHinge(), (Number) s.box().lowerWhisker(), (Number) s.box().upperWhisker(),
                        (Number) minOutlier, (Number) maxOutlier, outliers), "minutes to accepted answer",
                        set + " (n=" + s.count() + ")");
            }
        }
        ValueAxis axis = logScale ? new LogAxis("minutes (log scale)") : new NumberAxis("minutes");
        if (axis instanceof LogAxis log) {
            log.setSmallestValue(0.1);
        }
        BoxAndWhiskerRenderer renderer = new BoxAndWhiskerRenderer();
        renderer.setMeanVisible(true);
        renderer.setFillBox(true);
        renderer.setSeriesPaint(0, new Color(0x4e79a7));
        CategoryPlot plot = new CategoryPlot(data, new CategoryAxis("set"), axis, renderer);
        return svg(new JFreeChart("Minutes to the accepted answer, " + studyId + (site == null ? "" : " (" + site + ")"),
                JFreeChart.DEFAULT_TITLE_FONT, plot, false));
    }

    private static String svg(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        SVGGraphics2D graphics = new SVGGraphics2D(WIDTH, HEIGHT);
        chart.draw(graphics, new Rectangle(0, 0, WIDTH, HEIGHT));
        return graphics.getSVGDocument();
    }
}
