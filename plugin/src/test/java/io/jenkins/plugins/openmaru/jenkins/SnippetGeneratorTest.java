package io.jenkins.plugins.openmaru.jenkins;

import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.context;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.util.ListBoxModel;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The Snippet Generator: a step's form, filled in only where a user must type something and otherwise left as it
 * opens, gives a snippet with just those arguments (no {@code port: 0}, {@code maxWeight: 0}, {@code previewRoute: false}),
 * and that snippet, bound again as Pipeline binds it, passes the step's own validation.
 */
class SnippetGeneratorTest extends SimulatedClusterTest {
    private static final Path RESOURCES = Path.of("src/main/resources");

    /** What a user must type into each step's form for the step to be runnable; {@code app} everywhere else. */
    private static final Map<String, Map<String, String>> TYPED = Map.of(
            "openmaruBuild", Map.of("app", "shop", "gitUri", "https://git.example.com/team/shop.git"),
            "openmaruApply", Map.of(),
            "openmaruCanary", Map.of("app", "shop", "image", "registry/shop:2.0"),
            "openmaruBlueGreen", Map.of("app", "shop", "image", "registry/shop:2.0"),
            "openmaruRolling", Map.of("app", "shop", "image", "registry/shop:2.0"),
            "openmaruVersion", Map.of());

    /** Arguments the form cannot hold (their help says so) that the user adds to the snippet in the Jenkinsfile. */
    private static final Map<String, Map<String, Object>> JENKINSFILE_ONLY = Map.of(
            "openmaruCanary", Map.of("steps", List.of(Map.of("weight", 10))));

    @BeforeEach
    void setUp() {
        f = new DeliveryFixture(cluster);
    }

    @Test
    void aFormLeftAsItOpensGivesOnlyWhatTheUserTypedAndTheSnippetPassesTheStepsValidation() throws Exception {
        f.cluster.clearRequests();
        List<String> failures = new ArrayList<>();
        Map<String, String> snippets = new TreeMap<>();
        for (Map.Entry<String, Class<?>> e : DocSnippets.stepsBySymbol().entrySet()) {
            String function = e.getKey();
            Class<?> type = e.getValue();
            Map<String, String> typed = TYPED.getOrDefault(function, Map.of("app", "shop"));
            Map<String, Object> form = defaultForm(type, typed, failures);
            Map<String, Object> arguments = StrictStepBinder.uninstantiate(bindForm(type, form));
            String snippet = SnippetWriter.call(function, type, arguments);
            snippets.put(function, snippet);

            Map<String, Object> expected = new TreeMap<>(typed);
            StrictStepBinder.parameters(type).values().stream().filter(StrictStepBinder.Parameter::required)
                    .forEach(p -> expected.putIfAbsent(p.name(), form.get(p.name())));
            if (!arguments.equals(expected)) {
                failures.add(function + ": the snippet of a form left as it opens is `" + snippet + "`; expected only " + expected);
            }
            failures.addAll(validate(function, type, snippet));
        }
        assertThat(failures).isEmpty();
        assertThat(snippets).containsEntry("openmaruBlueGreen", "openmaruBlueGreen app: 'shop', image: 'registry/shop:2.0'")
                .containsEntry("openmaruStatus", "openmaruStatus 'shop'")
                .containsEntry("openmaruApply", "openmaruApply 'openmaru-java'")
                .containsEntry("openmaruVersion", "openmaruVersion()");
        assertThat(f.writes()).as("validation writes nothing").isEmpty();
    }

    @Test
    void theRollingStepNeitherOffersNorBindsTheWarmSlotDelaysOnlySlotStepsHave() throws Exception {
        List<String> slotOnly = List.of("scaleDownDelay", "abortScaleDownDelay");
        List<String> failures = new ArrayList<>();
        Map<String, Object> form = defaultForm(RollingRolloutStep.class, TYPED.get("openmaruRolling"), failures);

        assertThat(failures).isEmpty();
        assertThat(form).doesNotContainKeys("scaleDownDelay", "abortScaleDownDelay");
        assertThat(StrictStepBinder.parameters(RollingRolloutStep.class)).doesNotContainKeys("scaleDownDelay", "abortScaleDownDelay");
        for (String field : slotOnly) {
            assertThatThrownBy(() -> StrictStepBinder.bind(RollingRolloutStep.class,
                    "openmaruRolling app: 'shop', image: 'registry/shop:2.0', " + field + ": '5m'"))
                    .hasMessageEndingWith("Unknown parameter(s) found for class type '" + RollingRolloutStep.class.getName() + "': " + field);
            assertThat(StrictStepBinder.parameters(CanaryRolloutStep.class)).containsKey(field);
            assertThat(StrictStepBinder.parameters(BlueGreenRolloutStep.class)).containsKey(field);
            assertThat(defaultForm(CanaryRolloutStep.class, TYPED.get("openmaruCanary"), failures)).containsKey(field);
            assertThat(defaultForm(BlueGreenRolloutStep.class, TYPED.get("openmaruBlueGreen"), failures)).containsKey(field);
        }
        assertThat(failures).isEmpty();
    }

    /** The snippet read back from its text, bound as Pipeline binds it, and started: only validation runs, nothing is written. */
    private List<String> validate(String function, Class<?> type, String snippet) {
        try {
            List<GroovyStepCalls.Call> calls = GroovyStepCalls.find(snippet, function, 1);
            Map<String, Object> arguments = new LinkedHashMap<>(calls.get(0).arguments());
            arguments.putAll(JENKINSFILE_ONLY.getOrDefault(function, Map.of()));
            Step step = (Step) StrictStepBinder.instantiate(type, arguments);
            StepExecution execution = step.start(context(new FakeBuild("snippet", 1), new BuildLog()));
            assertThat(execution).isNotNull();
            return List.of();
        } catch (Exception | AssertionError e) {
            return List.of(function + ": `" + snippet + "` fails: " + e);
        }
    }

    /**
     * The form as config.jelly opens it: a text box empty or with its {@code default}, a check box checked only when
     * its {@code default} is true; then what the user typed. A field the step cannot bind is a failure.
     */
    private static Map<String, Object> defaultForm(Class<?> type, Map<String, String> typed, List<String> failures) throws Exception {
        Map<String, Object> form = new LinkedHashMap<>();
        Path jelly = RESOURCES.resolve(type.getName().replace('.', '/')).resolve("config.jelly");
        NodeList entries = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(jelly.toFile()).getElementsByTagName("f:entry");
        Map<String, StrictStepBinder.Parameter> parameters = StrictStepBinder.parameters(type);
        for (int i = 0; i < entries.getLength(); i++) {
            Element entry = (Element) entries.item(i);
            String field = entry.getAttribute("field");
            if (!parameters.containsKey(field)) {
                failures.add(type.getSimpleName() + "/config.jelly: field " + field + " binds to no parameter");
                continue;
            }
            NodeList boxes = entry.getElementsByTagName("f:checkbox");
            if (entry.getElementsByTagName("f:select").getLength() > 0) {
                form.put(field, firstChoice(type, field));
            } else if (boxes.getLength() > 0) {
                form.put(field, Boolean.parseBoolean(((Element) boxes.item(0)).getAttribute("default")));
            } else {
                form.put(field, ((Element) entry.getElementsByTagName("f:textbox").item(0)).getAttribute("default"));
            }
        }
        form.putAll(typed);
        return form;
    }

    /** A select opens on its first option, which its descriptor's {@code doFill<Field>Items} gives. */
    private static String firstChoice(Class<?> type, String field) throws Exception {
        Class<?> descriptor = Class.forName(type.getName() + "$DescriptorImpl");
        String fill = "doFill" + Character.toUpperCase(field.charAt(0)) + field.substring(1) + "Items";
        ListBoxModel items = (ListBoxModel) descriptor.getMethod(fill).invoke(descriptor.getConstructor().newInstance());
        return items.get(0).value;
    }

    /**
     * Stapler's binding of a submitted form ({@code RequestImpl.instantiate}/{@code injectSetters}): the constructor
     * takes its fields, every other field present calls its setter, converted as Stapler converts: a blank text is
     * {@code ""} for String and Object, null for Integer and 0 for int; a check box is its boolean.
     */
    private static Object bindForm(Class<?> type, Map<String, Object> form) throws Exception {
        Map<String, StrictStepBinder.Parameter> parameters = StrictStepBinder.parameters(type);
        List<Object> constructorArguments = new ArrayList<>();
        for (StrictStepBinder.Parameter p : parameters.values()) {
            if (p.required()) {
                constructorArguments.add(stapler(p.type(), form.get(p.name())));
            }
        }
        Object step = java.util.Arrays.stream(type.getConstructors())
                .filter(c -> c.isAnnotationPresent(org.kohsuke.stapler.DataBoundConstructor.class)).findFirst().orElseThrow()
                .newInstance(constructorArguments.toArray());
        for (StrictStepBinder.Parameter p : parameters.values()) {
            if (!p.required() && form.containsKey(p.name())) {
                p.setter().invoke(step, stapler(p.type(), form.get(p.name())));
            }
        }
        return step;
    }

    private static Object stapler(Type type, Object value) {
        if (!(value instanceof String text) || type == String.class || type == Object.class) {
            return value;
        }
        if (type == Integer.class) {
            return text.isBlank() ? null : Integer.valueOf(text.trim());
        }
        if (type == int.class) {
            return text.isBlank() ? 0 : Integer.parseInt(text.trim());
        }
        throw new IllegalArgumentException("a text box cannot bind to " + type);
    }
}
