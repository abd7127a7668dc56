package dev.polystore.tools.definitions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the generator left out of a release, printed to the build log so a changed source is noticed. */
final class Report {
    private final Map<String, List<String>> excluded = new TreeMap<>();

    void excluded(String kind, String what) {
        excluded.computeIfAbsent(kind, k -> new ArrayList<>()).add(what);
    }

    void print(String release) {
        excluded.forEach((kind, list) -> {
            System.out.println("  " + release + ": left out " + list.size() + " " + kind + ": " + summary(list));
        });
    }

    private static String summary(List<String> list) {
        List<String> sorted = new ArrayList<>(list);
        sorted.sort(null);
        return sorted.size() <= 12
                ? String.join(", ", sorted)
                : String.join(", ", sorted.subList(0, 12)) + ", ... (" + (sorted.size() - 12) + " more)";
    }
}
