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
}
