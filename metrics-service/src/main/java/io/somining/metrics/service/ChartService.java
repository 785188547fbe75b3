package io.somining.metrics.service;

import io.somining.metrics.repository.TrendQueries;
import io.somining.metrics.rest.DifficultyView;
import io.somining.metrics.rest.TrendView;
import io.somining.metrics.stats.Summary;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BoxAndWhiskerRenderer;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.ScatterRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.BoxAndWhiskerItem;
import org.jfree.data.statistics.DefaultBoxAndWhiskerCategoryDataset;
import org.jfree.data.statistics.DefaultMultiValueCategoryDataset;
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
    /** Where a log axis of minutes starts: an answer within a minute is drawn at one minute. */
    private static final double LOG_FLOOR = 1;

    public enum Measure { questions, users }

    @Inject
    TrendService trends;

    @Inject
    DifficultyService difficulty;

    /** @param reviewed those of {@code sets} drawn from the members a relevance review kept */
    public String trend(String studyId, List<String> sets, Measure measure, String site, Integer from, Integer to,
            Set<String> reviewed) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        List<TrendView> views = new ArrayList<>();
        int fromYear = Integer.MAX_VALUE;
        int toYear = Integer.MIN_VALUE;
        for (String set : sets) {
            TrendView view = trends.trend(studyId, set, site, from, to, reviewed.contains(set));
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
                data.addValue(value, label(view.setId(), view.reviewed()), Integer.toString(year));
            }
        }
        JFreeChart chart = ChartFactory.createLineChart(
                (measure == Measure.questions ? "Questions" : "Askers") + " per year, " + studyId
                        + (site == null ? "" : " (" + site + ")"),
                "year", measure == Measure.questions ? "questions" : "distinct askers", data, PlotOrientation.VERTICAL,
                true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        paper(plot);
        LineAndShapeRenderer renderer = (LineAndShapeRenderer) plot.getRenderer();
        renderer.setDefaultShapesVisible(true);
        for (int series = 0; series < data.getRowCount(); series++) {
            renderer.setSeriesPaint(series, PALETTE[series % PALETTE.length]);
            renderer.setSeriesStroke(series, new BasicStroke(2.5f));
            renderer.setSeriesShape(series, MARKERS[series % MARKERS.length]);
        }
        ((NumberAxis) plot.getRangeAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        return svg(chart);
    }

    /** @param reviewed those of {@code sets} drawn from the members a relevance review kept */
    public String responseTimes(String studyId, List<String> sets, String site, Set<String> reviewed, boolean logScale) {
        DefaultBoxAndWhiskerCategoryDataset data = new DefaultBoxAndWhiskerCategoryDataset();
        DefaultMultiValueCategoryDataset outliers = new DefaultMultiValueCategoryDataset();
        double highest = 0;
        for (String set : sets) {
            DifficultyView view = difficulty.difficulty(studyId, set, site, reviewed.contains(set));
            Summary s = view.responseMinutes();
            if (s != null) {
                highest = Math.max(highest, s.max());
                // a log axis has no 0: values below its floor are drawn at the floor, as its label says
                double floor = logScale ? LOG_FLOOR : Double.NEGATIVE_INFINITY;
                String category = label(set, view.reviewed()) + " (n=" + s.count() + ")";
                // the outliers are drawn by a scatter layer, one circle each as R draws them (the box renderer
                // merges neighbouring ones into averaged circles)
                data.add(new BoxAndWhiskerItem((Number) Math.max(floor, s.mean()), (Number) Math.max(floor, s.median()),
                        (Number) Math.max(floor, s.box().lowerHinge()), (Number) Math.max(floor, s.box().upperHinge()),
                        (Number) Math.max(floor, s.box().lowerWhisker()), (Number) Math.max(floor, s.box().upperWhisker()),
                        null, null, List.of()), "minutes to accepted answer", category);
                outliers.add(s.outliers().stream().map(o -> (Number) Math.max(floor, o)).toList(), "outliers", category);
            }
        }
        BoxAndWhiskerRenderer renderer = new BoxAndWhiskerRenderer();
        // R's boxplot draws no mean; JFreeChart's mean disk grows with the box's width
        renderer.setMeanVisible(false);
        renderer.setFillBox(true);
        renderer.setMaximumBarWidth(0.12);
        renderer.setSeriesPaint(0, new Color(0x4e79a7));
        renderer.setSeriesOutlinePaint(0, Color.DARK_GRAY);
        renderer.setDefaultOutlinePaint(Color.DARK_GRAY);
        // the axis reaches the largest outlier: none runs off the chart
        double top = Math.max(1, highest);
        ValueAxis axis;
        if (logScale) {
            LogAxis log = new LogAxis("minutes (log scale; under a minute drawn at 1)");
            log.setSmallestValue(LOG_FLOOR / 2);
            log.setRange(LOG_FLOOR / 2, top * 2);
            log.setTickUnit(new NumberTickUnit(1));
            log.setNumberFormatOverride(new java.text.DecimalFormat("#,##0.#"));
            log.setMinorTickMarksVisible(true);
            axis = log;
        } else {
            NumberAxis linear = new NumberAxis("minutes");
            linear.setRange(0, top * 1.05);
            axis = linear;
        }
        CategoryPlot plot = new CategoryPlot(data, new CategoryAxis("set (n = response times)"), axis, renderer);
        ScatterRenderer points = new ScatterRenderer();
        points.setUseSeriesOffset(false);
        points.setUseFillPaint(false);
        points.setSeriesShapesFilled(0, false);
        points.setDrawOutlines(true);
        points.setSeriesShape(0, new java.awt.geom.Ellipse2D.Double(-3, -3, 6, 6));
        points.setSeriesPaint(0, Color.DARK_GRAY);
        plot.setDataset(1, outliers);
        plot.setRenderer(1, points);
        paper(plot);
        return svg(new JFreeChart("Minutes to the accepted answer, " + studyId + (site == null ? "" : " (" + site + ")"),
                JFreeChart.DEFAULT_TITLE_FONT, plot, false));
    }

    private static String label(String set, boolean reviewed) {
        return reviewed ? set + ", reviewed" : set;
    }

    /** Colour-blind safe (Okabe and Ito), in the order of the sets. */
    private static final Color[] PALETTE = { new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73),
            new Color(0xCC79A7), new Color(0xE69F00), new Color(0x56B4E9), new Color(0xF0E442), Color.BLACK };
    private static final java.awt.Shape[] MARKERS = { new java.awt.geom.Ellipse2D.Double(-4, -4, 8, 8),
            new Rectangle(-4, -4, 8, 8), new java.awt.Polygon(new int[] { 0, 5, -5 }, new int[] { -5, 4, 4 }, 3),
            new java.awt.Polygon(new int[] { 0, 5, 0, -5 }, new int[] { -5, 0, 5, 0 }, 4) };

    /** A plot as a paper prints it: white field, light grid. */
    private static void paper(CategoryPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlinePaint(Color.GRAY);
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlineStroke(new BasicStroke(0.8f));
        plot.setDomainGridlinesVisible(false);
    }

    private static String svg(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        SVGGraphics2D graphics = new SVGGraphics2D(WIDTH, HEIGHT);
        chart.draw(graphics, new Rectangle(0, 0, WIDTH, HEIGHT));
        return graphics.getSVGDocument();
    }
}
