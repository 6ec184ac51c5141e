package dev.chezhu.k8s;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * Strict parsing. fabric8's model keeps a field it does not know in each object's
 * additionalProperties instead of failing; this walks a parsed object and reports every such field
 * with its path, which is what a typo or a field of the wrong place looks like.
 */
final class StrictModel {

    private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

    private StrictModel() {
    }

    static List<String> unknownFields(Object model) {
        List<String> found = new ArrayList<>();
        walk(model, "", found, 0);
        return found;
    }

    private static void walk(Object value, String path, List<String> found, int depth) {
        if (value == null || depth > 64) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", found, depth + 1);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                walk(entry.getValue(), path + "." + entry.getKey(), found, depth + 1);
            }
            return;
        }
        Class<?> type = value.getClass();
        if (!type.getName().startsWith(MODEL_PACKAGE) || value instanceof GenericKubernetesResource) {
            return;
        }
        for (Method method : type.getMethods()) {
            if (method.getParameterCount() != 0 || Modifier.isStatic(method.getModifiers())
                    || method.getDeclaringClass() == Object.class) {
                continue;
            }
            String name = method.getName();
            if (name.equals("getAdditionalProperties")) {
                Object extra = invoke(method, value);
                if (extra instanceof Map<?, ?> map && !map.isEmpty()) {
                    for (Object key : map.keySet()) {
                        found.add((path.isEmpty() ? "" : path + ".") + key);
                    }
                }
                continue;
            }
            if (!name.startsWith("get") || name.length() == 3 || method.getReturnType().isPrimitive()
                    || method.getReturnType() == String.class) {
                continue;
            }
            Object child = invoke(method, value);
            String property = Character.toLowerCase(name.charAt(3)) + name.substring(4);
            walk(child, path.isEmpty() ? property : path + "." + property, found, depth + 1);
        }
    }

    private static Object invoke(Method method, Object target) {
        try {
            return method.invoke(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
