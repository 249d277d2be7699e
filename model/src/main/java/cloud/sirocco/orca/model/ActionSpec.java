package cloud.sirocco.orca.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import java.util.LinkedHashMap;
import java.util.Map;

/** A named, configured use of an action plugin. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ActionSpec {

  @Required
  @JsonPropertyDescription("The name successActions and failureActions use.")
  private String name;

  @JsonPropertyDescription("The installed plugin that runs this action. Default: the same as name.")
  private String plugin;

  @JsonPropertyDescription("Plain configuration handed to the plugin (endpoint, channel, template...).")
  private Map<String, String> config = new LinkedHashMap<>();

  @JsonPropertyDescription("A Secret in the Task's namespace whose keys are handed to the plugin as secret settings (never logged).")
  private LocalObjectReference secretRef;

  @JsonPropertyDescription("EveryRun (default): run after every run the action is named for. OnChange: once per"
      + " incident, on the failure that opens it and, as a recovery, on the success that ends it; needs the action in"
      + " failureActions (and not in successActions).")
  private NotifyPolicy notify;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getPlugin() {
    return plugin;
  }

  public void setPlugin(String plugin) {
    this.plugin = plugin;
  }

  public Map<String, String> getConfig() {
    return config;
  }

  public void setConfig(Map<String, String> config) {
    this.config = config;
  }

  public LocalObjectReference getSecretRef() {
    return secretRef;
  }

  public void setSecretRef(LocalObjectReference secretRef) {
    this.secretRef = secretRef;
  }

  public NotifyPolicy getNotify() {
    return notify;
  }

  public void setNotify(NotifyPolicy notify) {
    this.notify = notify;
  }
}
