package org.deskline.server.web;

import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The portal as a person uses it, for the browser tests: open, sign in, type, click, and wait for what
 * the page shows. Every wait is explicit and bounded; nothing sleeps.
 */
public final class Portal {
    static final Duration WAIT = Duration.ofSeconds(10);

    private final Browser browser;
    private final String base;

    public Portal(Browser browser, String base) {
        this.browser = browser;
        this.base = base;
    }

    public ChromeDriver driver() {
        return browser.driver();
    }

    public Browser browser() {
        return browser;
    }

    public String base() {
        return base;
    }

    public WebDriverWait waiting() {
        return new WebDriverWait(driver(), WAIT);
    }

    /** Forgets the session and shows the sign-in page. */
    public void signedOut() {
        driver().get(base + "/");
        driver().manage().deleteAllCookies();
        driver().get(base + "/");
        visible(By.id("signin-title"));
    }

    /** Signs in through the form and waits for the signed-in shell. */
    public void signIn(String username, String password) {
        type(By.name("username"), username);
        type(By.name("password"), password);
        click(By.cssSelector(".signin-form button[type=submit]"));
        visible(By.cssSelector(".shell"));
    }

    public void signInFresh(String username, String password) {
        signedOut();
        signIn(username, password);
    }

    public void go(String route) {
        driver().get(base + "/#" + route);
    }

    public WebElement visible(By by) {
        return waiting().until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    public void gone(By by) {
        waiting().until(ExpectedConditions.invisibilityOfElementLocated(by));
    }

    public WebElement clickable(By by) {
        return waiting().until(ExpectedConditions.elementToBeClickable(by));
    }

    /** Clicks in the middle of the viewport, so that a sticky header or footer never covers the target. */
    public void click(By by) {
        WebElement e = clickable(by);
        script("arguments[0].scrollIntoView({block: 'center'})", e);
        e.click();
    }

    public void type(By by, String text) {
        WebElement e = visible(by);
        e.clear();
        e.sendKeys(text);
    }

    /** Waits until the element's text contains {@code text}; returns the element. */
    public WebElement text(By by, String text) {
        waiting().withMessage(() -> "text \"" + text + "\" in " + by + ", found: " + safeText(by))
                .until(ExpectedConditions.textToBePresentInElementLocated(by, text));
        return driver().findElement(by);
    }

    private String safeText(By by) {
        List<WebElement> found = driver().findElements(by);
        return found.isEmpty() ? "(no element)" : found.get(0).getText();
    }

    /**
     * The error shown for a control: the element named by its aria-describedby with class field-error,
     * once the control is marked aria-invalid.
     */
    public String fieldError(By control) {
        WebElement c = visible(control);
        waiting().withMessage(() -> "an error for " + control)
                .until(d -> "true".equals(c.getAttribute("aria-invalid")));
        for (String id : c.getAttribute("aria-describedby").split("\\s+")) {
            WebElement e = driver().findElement(By.id(id));
            if (e.getAttribute("class").contains("field-error")) {
                return e.getText();
            }
        }
        throw new AssertionError("no field-error element in aria-describedby of " + control);
    }

    /** Controls (inputs, selects, buttons) in {@code scope} with no label, aria-label or text: none expected. */
    @SuppressWarnings("unchecked")
    public List<String> unlabelledControls(String scopeSelector) {
        return (List<String>) script("return [...document.querySelector(arguments[0])"
                + ".querySelectorAll('input, select, textarea, button')]"
                + ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')"
                + " && !e.getAttribute('aria-labelledby') && !(e.tagName === 'BUTTON' && e.textContent.trim()))"
                + ".map(e => e.outerHTML.slice(0, 120))", scopeSelector);
    }

    /** True when the element's content is wider than its box (a horizontal scroll bar). */
    public boolean overflowsHorizontally(String selector) {
        return (Boolean) script("const e = document.querySelector(arguments[0]);"
                + " return e.scrollWidth > e.clientWidth + 1", selector);
    }

    /** The focused element. */
    public WebElement focused() {
        return driver().switchTo().activeElement();
    }

    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver()).executeScript(js, args);
    }

    public WebDriver.Navigation navigate() {
        return driver().navigate();
    }
}
