package cloud.sirocco.orca.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RunTextTest {

  @Test
  void wordsEachTriggerAStatusRecordNames() {
    assertEquals("Ignitor nightly", RunText.trigger("Ignition", "nightly"));
    assertEquals("the success of extract", RunText.trigger("Success", "extract"));
    assertEquals("the failure of report", RunText.trigger("Failure", "report"));
    assertEquals("the success of all of extract, load", RunText.trigger("Join", "extract,load"));
    assertEquals("a RunRequest (initiator rerun-1)", RunText.trigger("Manual", "rerun-1"));
  }

  @Test
  void wordsATriggerItDoesNotKnowAsStatusNamesIt() {
    assertEquals("Webhook of deploy", RunText.trigger("Webhook", "deploy"));
    assertEquals("nightly", RunText.trigger(null, "nightly"));
  }
}
