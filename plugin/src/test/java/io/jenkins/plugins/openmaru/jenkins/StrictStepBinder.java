package io.jenkins.plugins.openmaru.jenkins;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * Binds Pipeline arguments to a step the way structs' {@code DescribableModel} does in strict mode (Declarative, and
 * every Jenkins test), and takes a step apart again the way the Snippet Generator does ({@code uninstantiate2}).
 * Rules, read from structs-plugin: the parameters are the {@code @DataBoundConstructor}'s (required) and the
 * {@code @DataBoundSetter} methods of the class and its superclasses (optional); an unknown key fails; a value is
 * coerced to the parameter's declared type: {@code Object} takes anything, {@code String} takes only strings (an
 * Integer is a ClassCastException), int/Integer and boolean take their own type or a string they parse, enums take
 * their constant's name, lists are coerced element by element, a map becomes a nested data-bound object of a concrete
 * type. A {@link GroovyStepCalls.RunTimeValue} is bound where the real value could be: a GString only where a String
 * could go, a variable anywhere (its value is unknown until the Pipeline runs).
 */
final class StrictStepBinder {
    private StrictStepBinder() {}

    /** A bindable parameter: its name, declared type, and setter (null for a constructor parameter). */
    record Parameter(String name, Type type, Method setter) {
        boolean required() {
            return setter == null;
        }
    }

    /** The parameters in structs' order: the constructor's first, then the setters' by name. */
    static Map<String, Parameter> parameters(Class<?> type) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        Constructor<?> c = constructor(type);
        for (java.lang.reflect.Parameter p : c.getParameters()) {
            out.put(p.getName(), new Parameter(p.getName(), p.getParameterizedType(), null));
        }
        Map<String, Parameter> setters = new TreeMap<>();
        for (Class<?> k = type; k != null; k = k.getSuperclass()) {
            for (Method m : k.getDeclaredMethods()) {
                if (m.isAnnotationPresent(DataBoundSetter.class)) {
                    if (!m.getName().startsWith("set") || m.getParameterCount() != 1 || !Modifier.isPublic(m.getModifiers())) {
                        throw new IllegalStateException(m + " cannot be a @DataBoundSetter");
                    }
                    String name = java.beans.Introspector.decapitalize(m.getName().substring(3));
                    setters.putIfAbsent(name, new Parameter(name, m.getGenericParameterTypes()[0], m));
                }
            }
        }
        out.putAll(setters);
        return out;
    }

    /** The one step call in {@code snippet}, bound to {@code type} as Pipeline binds it. */
    static <T> T bind(Class<T> type, String snippet) {
        List<GroovyStepCalls.Call> calls = GroovyStepCalls.find(snippet, "snippet", 1);
        if (calls.size() != 1) {
            throw new IllegalArgumentException("expected one step call in " + snippet + " but found " + calls.size());
        }
        return instantiate(type, calls.get(0).arguments());
    }

    /** {@code DescribableModel.instantiate} with strict parameter checking. */
    static <T> T instantiate(Class<T> type, Map<String, ?> arguments) {
        Map<String, Parameter> params = parameters(type);
        Map<String, Object> args = new LinkedHashMap<>(arguments);
        if (args.containsKey(GroovyStepCalls.ANONYMOUS)) {
            List<Parameter> required = params.values().stream().filter(Parameter::required).toList();
            if (args.size() != 1 || required.size() != 1) {
                throw new IllegalArgumentException("Arguments to " + type.getName() + " have to be explicitly named");
            }
            args = Map.of(required.get(0).name(), args.get(GroovyStepCalls.ANONYMOUS));
        }
        TreeSet<String> unknown = new TreeSet<>(args.keySet());
        unknown.removeAll(params.keySet());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("WARNING: Unknown parameter(s) found for class type '" + type.getName() + "': " + String.join(",", unknown));
        }
        try {
            Constructor<?> c = constructor(type);
            Object[] values = new Object[c.getParameterCount()];
            int i = 0;
            for (Parameter p : params.values()) {
                if (p.required()) {
                    Object v = args.get(p.name());
                    values[i++] = v == null ? defaultOf(p.type()) : coerce(type.getName() + "." + p.name(), p.type(), v);
                }
            }
            T o = type.cast(c.newInstance(values));
            for (Parameter p : params.values()) {
                if (!p.required() && args.containsKey(p.name())) {
                    Object v = coerce(p.setter().toString(), p.type(), args.get(p.name()));
                    if (v != UNKNOWN) {
                        p.setter().invoke(o, v);
                    }
                }
            }
            return o;
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("Could not instantiate " + arguments + " for " + type.getName() + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException("Could not instantiate " + arguments + " for " + type.getName() + ": " + e, e);
        }
    }

    /**
     * {@code DescribableModel.uninstantiate2}: every parameter's value read through its getter, leaving out required
     * ones that are null and optional ones equal to those of a control instance built from the required ones alone.
     * Sorted by name, as structs returns them and the Snippet Generator prints them.
     */
    static Map<String, Object> uninstantiate(Object step) {
        Class<?> type = step.getClass();
        Map<String, Parameter> params = parameters(type);
        Map<String, Object> out = new TreeMap<>();
        Map<String, Object> required = new TreeMap<>();
        for (Parameter p : params.values()) {
            Object v = inspect(step, p);
            if (p.required() && v == null) {
                continue;
            }
            out.put(p.name(), v);
            if (p.required()) {
                required.put(p.name(), v);
            }
        }
        Object control = instantiate(type, required);
        for (Parameter p : params.values()) {
            if (!p.required() && Objects.equals(inspect(control, p), out.get(p.name()))) {
                out.remove(p.name());
            }
        }
        return out;
    }

    /** Whether the Snippet Generator writes the lone argument without its name, as {@code openmaruStatus 'shop'}. */
    static boolean soleRequiredArgument(Class<?> type, Map<String, Object> arguments) {
        List<Parameter> required = parameters(type).values().stream().filter(Parameter::required).toList();
        return required.size() == 1 && arguments.size() == 1 && arguments.containsKey(required.get(0).name());
    }

    /** Marks a run-time value bound to a parameter whose value it cannot know yet: the setter is not called. */
    private static final Object UNKNOWN = new Object();

    private static Object coerce(String context, Type type, Object o) throws ReflectiveOperationException {
        Class<?> erased = erasure(type);
        if (o == null) {
            return null;
        }
        if (o instanceof GroovyStepCalls.RunTimeValue r) {
            return runTime(context, type, r);
        }
        if (o instanceof List<?> list && Collection.class.isAssignableFrom(erased)) {
            Type element = type instanceof ParameterizedType pt ? pt.getActualTypeArguments()[0] : Object.class;
            List<Object> out = new ArrayList<>();
            for (Object e : list) {
                out.add(coerce(context, element, e));
            }
            return out;
        }
        if (wrap(erased).isInstance(o)) {
            return standIn(o);
        }
        if (o instanceof Map<?, ?> m && !erased.isInterface() && !Modifier.isAbstract(erased.getModifiers()) && hasDataBoundConstructor(erased)) {
            Map<String, Object> nested = new LinkedHashMap<>();
            m.forEach((k, v) -> nested.put((String) k, v));
            nested.remove("$class");
            return instantiate(erased, nested);
        }
        if (o instanceof String s && erased.isEnum()) {
            return enumConstant(erased, s);
        }
        if (o instanceof String s && Number.class.isAssignableFrom(wrap(erased))) {
            try {
                return wrap(erased).getMethod("valueOf", String.class).invoke(null, s);
            } catch (InvocationTargetException e) {
                throw new ClassCastException(context + " expects " + wrap(erased) + " but was unable to coerce the received value \"" + s + "\" to that type");
            }
        }
        if (o instanceof String s && wrap(erased) == Boolean.class) {
            return Boolean.valueOf(s);
        }
        throw new ClassCastException(context + " expects " + type + " but received " + o.getClass());
    }

    /** A GString is a String whose text is unknown: it goes where a String goes (numbers, booleans and enums parse it at run time). */
    private static Object runTime(String context, Type type, GroovyStepCalls.RunTimeValue r) {
        Class<?> erased = erasure(type);
        if (erased == String.class || erased == Object.class || erased == CharSequence.class) {
            return r.text();
        }
        boolean fromString = erased.isEnum() || Number.class.isAssignableFrom(wrap(erased)) || wrap(erased) == Boolean.class;
        if (r.string() && !fromString) {
            throw new ClassCastException(context + " expects " + type + " but received class java.lang.String (" + r.text() + ")");
        }
        return UNKNOWN;
    }

    /** Inside a list or map a run-time value stands in as its text, the String it most often is (GStrings always are). */
    private static Object standIn(Object o) {
        if (o instanceof GroovyStepCalls.RunTimeValue r) {
            return r.text();
        }
        if (o instanceof List<?> list) {
            return list.stream().map(StrictStepBinder::standIn).toList();
        }
        if (o instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(standIn(k), standIn(v)));
            return out;
        }
        return o;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumConstant(Class<?> type, String name) {
        return Enum.valueOf((Class) type, name);
    }

    private static Object inspect(Object o, Parameter p) {
        String cap = Character.toUpperCase(p.name().charAt(0)) + p.name().substring(1);
        try {
            Method getter;
            try {
                getter = o.getClass().getMethod("get" + cap);
            } catch (NoSuchMethodException e) {
                getter = o.getClass().getMethod("is" + cap);
            }
            return uncoerce(getter.invoke(o));
        } catch (ReflectiveOperationException e) {
            throw new UnsupportedOperationException("no public field '" + p.name() + "' (or getter method) found in " + o.getClass(), e);
        }
    }

    private static Object uncoerce(Object v) {
        if (v instanceof Enum<?> e) {
            return e.name();
        }
        if (v instanceof Collection<?> c) {
            return c.stream().map(StrictStepBinder::uncoerce).toList();
        }
        return v;
    }

    private static Constructor<?> constructor(Class<?> type) {
        for (Constructor<?> c : type.getConstructors()) {
            if (c.isAnnotationPresent(DataBoundConstructor.class)) {
                return c;
            }
        }
        throw new IllegalArgumentException(type + " has no @DataBoundConstructor");
    }

    private static boolean hasDataBoundConstructor(Class<?> type) {
        for (Constructor<?> c : type.getConstructors()) {
            if (c.isAnnotationPresent(DataBoundConstructor.class)) {
                return true;
            }
        }
        return false;
    }

    private static Object defaultOf(Type type) {
        Class<?> c = erasure(type);
        if (!c.isPrimitive()) {
            return null;
        }
        return c == boolean.class ? Boolean.FALSE : c == long.class ? Long.valueOf(0) : c == double.class ? Double.valueOf(0) : Integer.valueOf(0);
    }

    private static Class<?> erasure(Type type) {
        return type instanceof ParameterizedType pt ? (Class<?>) pt.getRawType() : type instanceof Class<?> c ? c : Object.class;
    }

    private static Class<?> wrap(Class<?> c) {
        if (!c.isPrimitive()) {
            return c;
        }
        return c == int.class ? Integer.class : c == boolean.class ? Boolean.class : c == long.class ? Long.class
                : c == double.class ? Double.class : c == float.class ? Float.class : c == short.class ? Short.class
                : c == byte.class ? Byte.class : Character.class;
    }
}
