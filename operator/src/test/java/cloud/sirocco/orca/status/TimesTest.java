package cloud.sirocco.orca.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimesTest {

  private static final Instant T = Instant.parse("2026-01-01T10:00:00Z");

  @Test
  void writesRfc3339InUtcToTheSecond() {
    assertEquals("2026-01-01T10:00:00Z", Times.rfc3339(Instant.parse("2026-01-01T10:00:00.999Z")));
    assertEquals("2026-01-01T10:00:00Z", Times.rfc3339(T));
    assertNull(Times.rfc3339(null));
  }

  @Test
  void writesDurationsAsGoDoes() {
    assertEquals("0s", Times.duration(T, T));
    assertEquals("31s", Times.duration(T, T.plusSeconds(31)));
    assertEquals("1m5s", Times.duration(T, T.plusSeconds(65)));
    assertEquals("1h0m0s", Times.duration(T, T.plusSeconds(3600)));
    assertEquals("26h3m7s", Times.duration(T, T.plusSeconds(26 * 3600 + 3 * 60 + 7)));
  }

  @Test
  void neverWritesANegativeOrUnknownDuration() {
    assertEquals("0s", Times.duration(T, T.minusSeconds(5)));
    assertNull(Times.duration(null, T));
    assertNull(Times.duration(T, null));
  }
}
