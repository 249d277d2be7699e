package cloud.sirocco.orca.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PeriodsTest {

  @ParameterizedTest(name = "{0} is {1} seconds")
  @CsvSource({"90s, 90", "45m, 2700", "26h, 93600", "1h30m, 5400", "2h45m10s, 9910", "' 60s ', 60"})
  void readsHoursMinutesAndSeconds(String text, long seconds) {
    assertEquals(Duration.ofSeconds(seconds), Periods.parse(text));
  }

  @ParameterizedTest(name = "\"{0}\" is refused")
  @ValueSource(strings = {"", "26", "1d", "-5m", "PT26H", "30m1h", "0s", "0h0m"})
  void refusesWhatIsNotAPositivePeriodSayingWhatWouldBeRight(String text) {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> Periods.parse(text));

    assertTrue(refused.getMessage().contains("e.g."), refused.getMessage());
  }

  @ParameterizedTest(name = "{0} seconds are written {1}")
  @CsvSource({"0, 0s", "31, 31s", "65, 1m5s", "3600, 1h0m0s", "93787, 26h3m7s", "-5, 0s"})
  void writesPeriodsAsGoDoes(long seconds, String text) {
    assertEquals(text, Periods.format(Duration.ofSeconds(seconds)));
  }

  @ParameterizedTest(name = "{0} seconds read back")
  @ValueSource(longs = {1, 59, 60, 3599, 3600, 93787})
  void readsBackWhatItWrites(long seconds) {
    assertEquals(Duration.ofSeconds(seconds), Periods.parse(Periods.format(Duration.ofSeconds(seconds))));
  }
}
