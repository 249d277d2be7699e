package cloud.sirocco.orca.action;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretMaskTest {

  @Test
  void hidesWholeValuesLongestFirst() {
    SecretMask mask = new SecretMask(Map.of("user", "bob", "password", "bob-s3cret"));

    assertEquals("***** / *****", mask.apply("bob-s3cret / bob"));
  }

  @Test
  void hidesEachLineOfAMultiLineValue() {
    SecretMask mask = new SecretMask(Map.of("headers", "Authorization: Bearer abc123\nX-Api-Key: k-987"));

    assertEquals("header ***** was refused", mask.apply("header X-Api-Key: k-987 was refused"));
  }

  @Test
  void leavesTextAloneWhenThereAreNoSecrets() {
    assertEquals("all fine", new SecretMask(Map.of("empty", "")).apply("all fine"));
  }
}
