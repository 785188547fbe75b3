package io.somining.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web application in a real browser: Debian's Chromium, driven through its chromedriver (packages chromium
 * and chromium-driver; .ci/run installs them when missing). Screenshots of each page land in
 * target/screenshots.
 */
final class BrowserCheck implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final String gateway;
    private final WebDriver driver;
    private final WebDriverWait wait;
    private final List<String> violations = new java.util.ArrayList<>();

    BrowserCheck(String gateway) throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new AssertionError("the browser tests need Chromium and its driver at " + CHROMIUM + " and "
                    + CHROMEDRIVER + ": apt-get install chromium chromium-driver (Debian), or set -Dchromium.binary "
                    + "and -Dchromedriver.binary");
        }
        this.gateway = gateway;
        Files.createDirectories(SCREENSHOTS);
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        // the flags a headless Chromium needs on a closed network, as root, in a container
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--window-size=1280,900",
                "--user-data-dir=" + Files.createTempDirectory("chromium-").toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(30)) {
            @Override
            public <V> V until(java.util.function.Function<? super WebDriver, ? extends V> condition) {
                try {
                    return super.until(condition);
                } catch (org.openqa.selenium.TimeoutException e) {
                    // what the page said instead, and a picture of it, make the failure readable
                    throw new AssertionError(e.getMessage().lines().findFirst().orElse("") + "\nthe page at "
                            + driver.getCurrentUrl() + " shows:\n" + driver.findElement(By.tagName("body")).getText(), e);
                }
            }
        };
    }

    void signIn(String user) {
        driver.get(gateway + "/#/sign-in");
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button[data-user='" + user + "']"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("header .who"), user));
    }

    /** Opens a set's page; answers the trend table as the page shows it (year to questions). */
    Map<Integer, Long> trendTable(String study, String set, String site) {
        driver.get(gateway + "/#/studies/" + study + "/sets/" + set + "?site=" + site);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#trend-table tbody tr")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#trend-chart svg")));
        Map<Integer, Long> years = new TreeMap<>();
        for (WebElement row : driver.findElements(By.cssSelector("#trend-table tbody tr"))) {
            List<WebElement> cells = row.findElements(By.tagName("td"));
            years.put(Integer.parseInt(cells.get(0).getText().trim()), Long.parseLong(cells.get(1).getText().trim()));
        }
        return years;
    }

    /** The chart's bars: ECharts draws one path per bar of the questions series. */
    int chartElements() {
        return driver.findElements(By.cssSelector("#trend-chart svg path")).size();
    }

    /** Opens a question; answers what of it could have run. */
    Object openQuestion(String site, long postId) {
        driver.get(gateway + "/#/questions/" + site + "/" + postId);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#question-body")));
        // click every link the sanitized body kept (a javascript: one would run here)
        for (WebElement link : driver.findElements(By.cssSelector(".body a"))) {
            String before = driver.getWindowHandle();
            link.click();
            for (String handle : driver.getWindowHandles()) {
                if (!handle.equals(before)) {
                    driver.switchTo().window(handle).close();
                }
            }
            driver.switchTo().window(before);
        }
        return ((JavascriptExecutor) driver).executeScript("return window.__pwned === undefined ? null : window.__pwned;");
    }

    List<String> dangerousMarkup() {
        @SuppressWarnings("unchecked")
        List<String> found = (List<String>) ((JavascriptExecutor) driver).executeScript("""
                const found = [];
                for (const element of document.querySelectorAll('.body *')) {
                  if (['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'FORM', 'STYLE', 'SVG'].includes(element.tagName.toUpperCase())) {
                    found.push(element.tagName);
                  }
                  for (const attribute of element.attributes) {
                    if (attribute.name.startsWith('on') || /^\\s*javascript:/i.test(attribute.value)) {
                      found.push(element.tagName + ' ' + attribute.name + '=' + attribute.value);
                    }
                  }
                }
                return found;""");
        return found;
    }

    /** On the round's labeling page: types the search and picks the first match with Enter, which labels and moves on. */
    void labelWithKeyboard(String roundId, String search) {
        if (!driver.getCurrentUrl().endsWith("#/rounds/" + roundId + "/label")) {
            driver.get(gateway + "/#/rounds/" + roundId + "/label");
        }
        WebElement input = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".category-search")));
        String before = text("#progress");
        input.sendKeys(search);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("li.choice.active")));
        input.sendKeys(org.openqa.selenium.Keys.ENTER);
        wait.until(ExpectedConditions.not(ExpectedConditions.textToBe(By.cssSelector("#progress"), before)));
    }

    /** On the labeling page: presses a key in the (empty) search box; answers the progress line afterwards. */
    String pressInSearch(String roundId, CharSequence key) {
        if (!driver.getCurrentUrl().endsWith("#/rounds/" + roundId + "/label")) {
            driver.get(gateway + "/#/rounds/" + roundId + "/label");
        }
        WebElement input = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".category-search")));
        waitFor("#question-body");
        input.sendKeys(key);
        return text("#progress");
    }

    /** The labeling page of a round as it opens: what the rater sees besides the category picker. */
    String labelPageWithoutPicker(String roundId) {
        driver.get(gateway + "/#/rounds/" + roundId + "/label");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#question-body")));
        return (String) ((JavascriptExecutor) driver).executeScript(
                "const page = document.querySelector('so-label-page').cloneNode(true);"
                        + "page.querySelector('.choices')?.remove(); return page.innerText;");
    }

    /** As the arbitrator: settles the round's first disagreement with the first match of the search. */
    void decideFirstDisagreement(String roundId, String search) {
        driver.get(gateway + "/#/rounds/" + roundId);
        WebElement input = wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector(".disagreement .category-search")));
        input.sendKeys(search);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".disagreement li.choice.active")));
        input.sendKeys(org.openqa.selenium.Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#disagreements"), "None."));
    }

    /** The round's page as a researcher sees it: the kappa shown. */
    String kappa(String roundId) {
        driver.get(gateway + "/#/rounds/" + roundId);
        return wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#kappa"))).getText();
    }

    /** As an admin on the data page: starts an ingest of the path and follows it to its end; answers the job's id. */
    String ingest(String path) {
        driver.get(gateway + "/#/data");
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#path"))).sendKeys(path);
        driver.findElement(By.cssSelector("#start")).click();
        new WebDriverWait(driver, Duration.ofMinutes(3)).until(ExpectedConditions.or(
                ExpectedConditions.textToBe(By.cssSelector("#job-state"), "SUCCEEDED"),
                ExpectedConditions.textToBe(By.cssSelector("#job-state"), "FAILED")));
        return text("#job h2").replace("Job ", "").trim();
    }

    /** What an input holds. */
    String value(String css) {
        return waitFor(css).getDomProperty("value");
    }

    String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText();
    }

    /** The page's width as laid out at a window of this width (no horizontal scrolling when it is within it). */
    long layoutWidthAt(int width) {
        driver.manage().window().setSize(new Dimension(width, 900));
        return (Long) ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollWidth;");
    }

    /** Opens a page of the application and waits until the element appears. */
    void open(String hashPath, String readyCss) {
        driver.get(gateway + "/#" + hashPath);
        waitFor(readyCss);
    }

    WebElement waitFor(String css) {
        return wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
    }

    void waitForText(String css, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
    }

    void click(String css) {
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(css))).click();
    }

    void type(String css, String text) {
        WebElement input = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(css)));
        input.clear();
        input.sendKeys(text);
    }

    /** Scrolls the element to the top of the window, for the screenshot. */
    void scrollTo(String css) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView(true);", waitFor(css));
    }

    /** Chooses a file in a file input. */
    void attach(String css, Path file) {
        waitFor(css).sendKeys(file.toAbsolutePath().toString());
    }

    void choose(String css, String visibleTextOrValue) {
        org.openqa.selenium.support.ui.Select select = new org.openqa.selenium.support.ui.Select(waitFor(css));
        boolean byValue = select.getOptions().stream().anyMatch(o -> visibleTextOrValue.equals(o.getDomAttribute("value")));
        if (byValue) {
            select.selectByValue(visibleTextOrValue);
        } else {
            select.selectByVisibleText(visibleTextOrValue);
        }
    }

    /** The text of each element the selector finds. */
    List<String> texts(String css) {
        return driver.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
    }

    String url() {
        return driver.getCurrentUrl();
    }

    /** Screenshot of the page, and the accessibility audit of it (axe-core's WCAG 2 A and AA rules). */
    void screenshot(String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        com.deque.html.axecore.results.Results results = new com.deque.html.axecore.selenium.AxeBuilder()
                .withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze(driver);
        for (com.deque.html.axecore.results.Rule rule : results.getViolations()) {
            violations.add(name + ": " + rule.getId() + " (" + rule.getImpact() + ") " + rule.getHelp() + " at "
                    + rule.getNodes().stream().map(n -> String.valueOf(n.getTarget())).limit(5).toList());
        }
    }

    /** What the accessibility audits of the pages screenshot so far found; empty when every page passed. */
    List<String> accessibilityViolations() {
        return List.copyOf(violations);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
