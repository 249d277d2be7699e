package cloud.sirocco.orca.bench.footprint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What Linux says about a process: resident memory now and at its peak, and CPU time used so far. */
final class ProcessProbe {

  private static final Pattern KB = Pattern.compile("(\\d+) kB");
  private static final Pattern TOTAL = Pattern.compile("Total\\s+\\d+\\s+(\\d+)");
  private static final Pattern PAUSE = Pattern.compile("GC\\(\\d+\\) Pause.* (\\d+(?:\\.\\d+)?)ms$");

  private ProcessProbe() {}

  /** VmRSS in MiB. */
  static double rssMib(long pid) throws IOException {
    return statusKb(pid, "VmRSS:") / 1024.0;
  }

  /** VmHWM (the peak of VmRSS) in MiB. */
  static double peakRssMib(long pid) throws IOException {
    return statusKb(pid, "VmHWM:") / 1024.0;
  }

  /**
   * The heap's live objects in MiB: {@code jcmd GC.class_histogram} runs a full collection first. The histogram is
   * kept in {@code save}, to see which classes the memory goes to.
   */
  static double liveHeapMib(long pid, Path save) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process process = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "GC.class_histogram")
        .redirectErrorStream(true).redirectOutput(save.toFile()).start();
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("jcmd " + pid + " GC.class_histogram failed; see " + save);
    }
    for (String line : Files.readAllLines(save)) {
      Matcher m = TOTAL.matcher(line.trim());
      if (m.matches()) {
        return Long.parseLong(m.group(1)) / (1024.0 * 1024);
      }
    }
    throw new IOException("no Total line in " + save);
  }

  static Duration cpu(long pid) {
    return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).orElse(Duration.ZERO);
  }

  private static long statusKb(long pid, String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith(field)) {
        Matcher m = KB.matcher(line);
        if (m.find()) {
          return Long.parseLong(m.group(1));
        }
      }
    }
    throw new IOException("no " + field + " in /proc/" + pid + "/status");
  }

  /** Pauses in a {@code -Xlog:gc} file: how many, and their total. */
  record Pauses(int count, double totalMillis) {

    static Pauses in(Path gcLog) throws IOException {
      int count = 0;
      double total = 0;
      if (Files.exists(gcLog)) {
        for (String line : Files.readAllLines(gcLog)) {
          Matcher m = PAUSE.matcher(line.trim());
          if (m.find()) {
            count++;
            total += Double.parseDouble(m.group(1));
          }
        }
      }
      return new Pauses(count, total);
    }
  }
}
