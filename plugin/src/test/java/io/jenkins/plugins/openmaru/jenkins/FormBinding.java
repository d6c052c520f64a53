package io.jenkins.plugins.openmaru.jenkins;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.sf.json.JSONArray;
import net.sf.json.JSONNull;
import net.sf.json.JSONObject;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * A request whose {@code bindJSON(bean, json)} binds a submitted form as Stapler's does (read in its
 * RequestImpl): each key of the form that has a public setter on the bean is set, and keys the form did not
 * send are left alone; nested objects are made with their {@code @DataBoundConstructor} (parameters by name)
 * and then their {@code @DataBoundSetter}s; a repeatable sends one object or an array; an exception thrown
 * by a constructor or setter reaches the caller as it was thrown. Any other request method fails the test.
 */
final class FormBinding {
    private FormBinding() {}

    static StaplerRequest2 request() {
        return (StaplerRequest2) Proxy.newProxyInstance(FormBinding.class.getClassLoader(), new Class<?>[] {StaplerRequest2.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("bindJSON") && args.length == 2 && args[1] instanceof JSONObject form) {
                        bind(args[0], form);
                        return null;
                    }
                    throw new AssertionError("the configuration used " + method + " of the request");
                });
    }

    private static void bind(Object bean, JSONObject form) {
        for (Object key : form.keySet()) {
            Method setter = setter(bean.getClass(), (String) key, false);
            if (setter != null) {
                invoke(() -> setter.invoke(bean, convert(setter.getGenericParameterTypes()[0], form.get(key))));
            }
        }
    }

    private static Object convert(Type type, Object json) {
        if (json == null || json instanceof JSONNull) {
            return null;
        }
        if (type == String.class) {
            return json.toString();
        }
        if (type == boolean.class || type == Boolean.class) {
            return json instanceof Boolean b ? b : Boolean.valueOf(json.toString());
        }
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            Class<?> item = (Class<?>) p.getActualTypeArguments()[0];
            List<Object> list = new ArrayList<>();
            for (Object o : json instanceof JSONArray a ? a : List.of(json)) {
                list.add(instantiate(item, (JSONObject) o));
            }
            return list;
        }
        throw new AssertionError("this binder does not convert to " + type);
    }

    private static Object instantiate(Class<?> type, JSONObject json) {
        Constructor<?> c = Arrays.stream(type.getConstructors()).filter(k -> k.isAnnotationPresent(DataBoundConstructor.class)).findFirst()
                .orElseThrow(() -> new AssertionError(type + " has no @DataBoundConstructor"));
        Object[] args = Arrays.stream(c.getParameters()).map(p -> convert(p.getParameterizedType(), json.opt(p.getName()))).toArray();
        Object bean = invoke(() -> c.newInstance(args));
        Set<String> byConstructor = Arrays.stream(c.getParameters()).map(java.lang.reflect.Parameter::getName).collect(Collectors.toSet());
        for (Object key : json.keySet()) {
            Method setter = byConstructor.contains(key) ? null : setter(type, (String) key, true);
            if (setter != null) {
                invoke(() -> setter.invoke(bean, convert(setter.getGenericParameterTypes()[0], json.get(key))));
            }
        }
        return bean;
    }

    private static Method setter(Class<?> type, String key, boolean dataBoundOnly) {
        String name = "set" + Character.toUpperCase(key.charAt(0)) + key.substring(1);
        return Arrays.stream(type.getMethods())
                .filter(m -> m.getName().equals(name) && m.getParameterCount() == 1 && (!dataBoundOnly || m.isAnnotationPresent(DataBoundSetter.class)))
                .findFirst().orElse(null);
    }

    private interface Reflective {
        Object call() throws ReflectiveOperationException;
    }

    /** Stapler launders InvocationTargetException: the constructor's or setter's own exception is thrown. */
    private static Object invoke(Reflective r) {
        try {
            return r.call();
        } catch (InvocationTargetException e) {
            if (e.getTargetException() instanceof RuntimeException x) {
                throw x;
            }
            throw new IllegalArgumentException(e.getTargetException());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
