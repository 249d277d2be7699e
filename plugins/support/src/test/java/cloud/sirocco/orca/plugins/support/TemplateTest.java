package cloud.sirocco.orca.plugins.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {

  private final Map<String, String> fields = RunFields.text(Runs.failed().build());

  @Test
  void fillsPlaceholdersFromTheRunsFields() {
    assertEquals("team-a/nightly-report FAILED (exit 3, Error)",
        Template.render("${namespace}/${task} ${outcome} (exit ${exitCode}, ${reason})", fields));
  }

  @Test
  void jsonPlaceholdersAreEscapedForUseInsideAJsonString() {
    assertEquals("{\"text\":\"database \\\"reports\\\" unreachable\"}",
        Template.render("{\"text\":\"${message:json}\"}", fields));
  }

  @Test
  void unknownPlaceholdersStayAsWrittenSoATypoShows() {
    assertEquals("run ${runid} of nightly-report", Template.render("run ${runid} of ${task}", fields));
  }

  @Test
  void valuesThatLookLikeReplacementSyntaxAreInsertedLiterally() {
    assertEquals("cost $1 \\o/", Template.render("${reason}", Map.of("reason", "cost $1 \\o/")));
  }

  @Test
  void unknownValuesAreEmpty() {
    assertEquals("exit ", Template.render("exit ${exitCode}", RunFields.text(Runs.failed().exitCode(null).build())));
  }
}
