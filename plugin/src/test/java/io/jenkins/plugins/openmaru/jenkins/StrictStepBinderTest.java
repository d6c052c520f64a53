package io.jenkins.plugins.openmaru.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** The test doubles for Pipeline's argument binding and the Snippet Generator hold the rules of structs and workflow-cps. */
class StrictStepBinderTest {
    @Test
    void anUnknownKeyFailsAsInStrictModeAndDeclarative() {
        assertThatThrownBy(() -> bind("openmaruSample name: 'a', gates: ['http:/health'], bogus: 1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("WARNING: Unknown parameter(s) found for class type '" + Sample.class.getName() + "': bogus,gates");
    }

    @Test
    void aStringParameterRefusesANumberAndNumbersAndBooleansParseStrings() {
        assertThatThrownBy(() -> bind("openmaruSample name: 'a', label: 1"))
                .hasRootCauseInstanceOf(ClassCastException.class)
                .hasMessageContaining("expects class java.lang.String but received class java.lang.Integer");
        assertThatThrownBy(() -> bind("openmaruSample name: 1")).hasRootCauseInstanceOf(ClassCastException.class);
        Sample s = bind("openmaruSample name: 'a', count: '5', limit: 7, on: 'true', any: [k: 1.5]");
        assertThat(s.getCount()).isEqualTo(5);
        assertThat(s.getLimit()).isEqualTo(7);
        assertThat(s.isOn()).isTrue();
        assertThat(s.getAny()).isEqualTo(Map.of("k", new BigDecimal("1.5")));
        assertThatThrownBy(() -> bind("openmaruSample name: 'a', count: 'five'")).hasRootCauseInstanceOf(ClassCastException.class);
        assertThatThrownBy(() -> bind("openmaruSample name: 'a', count: 1.5")).hasRootCauseInstanceOf(ClassCastException.class);
        assertThatThrownBy(() -> bind("openmaruSample name: 'a', on: 1")).hasRootCauseInstanceOf(ClassCastException.class);
    }

    @Test
    void enumsBindByTheirConstantsNameListsElementByElementAndListsOfMapsAsNestedObjects() {
        Sample s = bind("openmaruSample name: 'a', mode: 'BINARY', flags: ['x', 'y'], items: [[kind: 'http', weight: 10], [kind: 'ready']]");
        assertThat(s.getMode()).isEqualTo(Mode.BINARY);
        assertThat(s.getFlags()).containsExactly("x", "y");
        assertThat(s.getItems()).extracting(Item::getKind, Item::getWeight).containsExactly(
                org.assertj.core.groups.Tuple.tuple("http", 10), org.assertj.core.groups.Tuple.tuple("ready", 0));
        assertThatThrownBy(() -> bind("openmaruSample name: 'a', mode: 'binary'")).hasRootCauseInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bind("openmaruSample name: 'a', flags: [1]")).hasRootCauseInstanceOf(ClassCastException.class);
        assertThatThrownBy(() -> bind("openmaruSample name: 'a', flags: 'x'")).hasRootCauseInstanceOf(ClassCastException.class);
        assertThatThrownBy(() -> bind("openmaruSample name: 'a', items: [[kind: 'http', bogus: 1]]")).hasMessageContaining("Unknown parameter(s)");
    }

    @Test
    void aGStringIsAStringAndAVariableCouldBeAnything() {
        Sample s = bind("openmaruSample name: \"${app}\", label: env.LABEL, count: params.COUNT, flags: params.FLAGS");
        assertThat(s.getName()).isEqualTo("\"${app}\"");
        assertThat(s.getLabel()).isEqualTo("env.LABEL");
        assertThatThrownBy(() -> bind("openmaruSample name: 'a', flags: \"${flags}\"")).hasRootCauseInstanceOf(ClassCastException.class);
    }

    @Test
    void aLoneValueGoesToTheSoleRequiredParameter() {
        assertThat(bind("openmaruSample 'a'").getName()).isEqualTo("a");
        assertThatThrownBy(() -> StrictStepBinder.instantiate(Item.class, Map.of(GroovyStepCalls.ANONYMOUS, "x", "weight", 1)))
                .hasMessageContaining("have to be explicitly named");
    }

    @Test
    void uninstantiateKeepsWhatDiffersFromAFreshInstanceSortedByNameAsTheSnippetGeneratorWritesIt() {
        Sample s = bind("openmaruSample name: 'a', mode: 'BINARY', count: 0, limit: 7, label: 'x', flags: []");
        Map<String, Object> args = StrictStepBinder.uninstantiate(s);
        assertThat(args).containsExactly(Map.entry("label", "x"), Map.entry("limit", 7), Map.entry("mode", "BINARY"), Map.entry("name", "a"));
        assertThat(SnippetWriter.call("openmaruSample", Sample.class, args)).isEqualTo("openmaruSample label: 'x', limit: 7, mode: 'BINARY', name: 'a'");
        assertThat(SnippetWriter.call("openmaruSample", Sample.class, StrictStepBinder.uninstantiate(bind("openmaruSample 'it\\'s'"))))
                .isEqualTo("openmaruSample 'it\\'s'");
    }

    @Test
    void theParserReadsBothCallFormsAcrossLinesAndRefusesWhatIsNotGroovy() {
        String code = """
                // openmaruIgnored in a comment
                def r = openmaruSample(name: 'a',
                        flags: ['x', 'y',],   // trailing comma
                        any: [:])
                echo "version ${openmaruOther()}"
                openmaruSample name: 'b', count: -3,
                    items: [[kind: 'k']]
                openmaruSample name: 'c'
                count = 1
                """;
        List<GroovyStepCalls.Call> calls = GroovyStepCalls.find(code, "Jenkinsfile", 1);
        assertThat(calls).extracting(GroovyStepCalls.Call::step, GroovyStepCalls.Call::where).containsExactly(
                org.assertj.core.groups.Tuple.tuple("openmaruSample", "Jenkinsfile:2"),
                org.assertj.core.groups.Tuple.tuple("openmaruOther", "Jenkinsfile:5"),
                org.assertj.core.groups.Tuple.tuple("openmaruSample", "Jenkinsfile:6"),
                org.assertj.core.groups.Tuple.tuple("openmaruSample", "Jenkinsfile:8"));
        assertThat(calls.get(0).arguments()).isEqualTo(Map.of("name", "a", "flags", List.of("x", "y"), "any", Map.of()));
        assertThat(calls.get(2).arguments()).isEqualTo(Map.of("name", "b", "count", -3, "items", List.of(Map.of("kind", "k"))));
        assertThat(calls.get(3).arguments()).isEqualTo(Map.of("name", "c"));
        assertThatThrownBy(() -> GroovyStepCalls.find("openmaruSample steps: [...]", "docs/x.md", 10))
                .hasMessageStartingWith("docs/x.md:10: cannot read a Groovy value");
        assertThatThrownBy(() -> GroovyStepCalls.find("openmaruSample name: 'a', name: 'b'", "x", 1)).hasMessageContaining("given twice");
    }

    private static Sample bind(String snippet) {
        return StrictStepBinder.bind(Sample.class, snippet);
    }

    public enum Mode { SOURCE, BINARY }

    /** Parameters of every kind structs binds. */
    public static final class Sample {
        private final String name;
        private int count;
        private Integer limit;
        private String label;
        private Mode mode = Mode.SOURCE;
        private List<String> flags = List.of();
        private List<Item> items = List.of();
        private Object any;
        private boolean on;

        @DataBoundConstructor
        public Sample(String name) {
            this.name = name;
        }

        public String getName() {
            return name;
        }

        public int getCount() {
            return count;
        }

        @DataBoundSetter
        public void setCount(int count) {
            this.count = count;
        }

        public Integer getLimit() {
            return limit;
        }

        @DataBoundSetter
        public void setLimit(Integer limit) {
            this.limit = limit;
        }

        public String getLabel() {
            return label;
        }

        @DataBoundSetter
        public void setLabel(String label) {
            this.label = label;
        }

        public Mode getMode() {
            return mode;
        }

        @DataBoundSetter
        public void setMode(Mode mode) {
            this.mode = mode;
        }

        public List<String> getFlags() {
            return flags;
        }

        @DataBoundSetter
        public void setFlags(List<String> flags) {
            this.flags = flags;
        }

        public List<Item> getItems() {
            return items;
        }

        @DataBoundSetter
        public void setItems(List<Item> items) {
            this.items = items;
        }

        public Object getAny() {
            return any;
        }

        @DataBoundSetter
        public void setAny(Object any) {
            this.any = any;
        }

        public boolean isOn() {
            return on;
        }

        @DataBoundSetter
        public void setOn(boolean on) {
            this.on = on;
        }
    }

    /** A nested data-bound object, as a list of maps binds to. */
    public static final class Item {
        private final String kind;
        private int weight;

        @DataBoundConstructor
        public Item(String kind) {
            this.kind = kind;
        }

        public String getKind() {
            return kind;
        }

        public int getWeight() {
            return weight;
        }

        @DataBoundSetter
        public void setWeight(int weight) {
            this.weight = weight;
        }
    }
}
