/**
 * Actions that the tests pack into plugin jars with {@code PluginJar}. They are loaded by a plugin's class loader,
 * not the test's, so a test reaches them only through {@code TaskAction}. {@link
 * cloud.sirocco.orca.action.testplugins.Gate} is never packed: plugins find it through their parent, which makes it
 * the one place a test and a plugin share state.
 */
package cloud.sirocco.orca.action.testplugins;
