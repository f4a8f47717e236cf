package dev.portico.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium driven headless by Debian's chromedriver, as a test fixture. Selenium Manager
 * is never involved: both binaries are given by path (run-tests.sh installs the packages). The
 * chromedriver process and its children (the browser) are remembered by PID right after start and
 * destroyed by {@link #close()} or, should the test JVM die first, by a shutdown hook.
 */
final class HeadlessChromium implements AutoCloseable {

  static final String CHROMIUM = "/usr/bin/chromium";
  static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  final ChromeDriver driver;
  private final ChromeDriverService service;
  private final List<ProcessHandle> processes;
  private final Thread reaper;

  HeadlessChromium() {
    // An explicit driver path keeps Selenium from looking for (or downloading) one.
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
    List<Long> before = ProcessHandle.current().children().map(ProcessHandle::pid).toList();
    service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1400,1000",
        "--no-first-run",
        "--password-store=basic");
    driver = new ChromeDriver(service, options);
    processes = ProcessHandle.current().children().filter(p -> !before.contains(p.pid())).toList();
    reaper = new Thread(this::destroyProcesses, "chromium-reaper");
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  WebDriverWait waiting() {
    return new WebDriverWait(driver, Duration.ofSeconds(30));
  }

  /** Saves the page as target/screenshots/{name}.png (a test artifact). */
  void screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      File shot = driver.getScreenshotAs(OutputType.FILE);
      Files.copy(
          shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void destroyProcesses() {
    for (ProcessHandle process : processes) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
      destroyProcesses();
      Runtime.getRuntime().removeShutdownHook(reaper);
    }
  }
}
