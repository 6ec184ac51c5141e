package dev.chezhu.telematics.domain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The signals Chezhu accepts, loaded once from a data file (see {@code telematics/signals.csv}): one
 * line per signal, {@code path,datatype,unit,min,max,allowed}, so the list can grow to hundreds of
 * signals without code changes. A malformed file fails loading with its line number.
 */
public final class SignalCatalogue {

    static final String HEADER = "path,datatype,unit,min,max,allowed";
    private static final Pattern PATH = Pattern.compile("^Vehicle(\\.[A-Z][A-Za-z0-9]*)+$");
    private static final Pattern UNIT = Pattern.compile("^[^,\\s]{0,32}$");

    private final Map<String, SignalDefinition> signals;

    public SignalCatalogue(Collection<SignalDefinition> definitions) {
        Map<String, SignalDefinition> byPath = new LinkedHashMap<>();
        for (SignalDefinition definition : definitions) {
            if (byPath.putIfAbsent(definition.path(), definition) != null) {
                throw new IllegalArgumentException("signal " + definition.path() + " is defined twice");
            }
        }
        this.signals = Collections.unmodifiableMap(byPath);
    }

    public Optional<SignalDefinition> find(String path) {
        return Optional.ofNullable(signals.get(path));
    }

    public Collection<SignalDefinition> all() {
        return signals.values();
    }

    public int size() {
        return signals.size();
    }

    /** Loads a catalogue from a classpath resource. */
    public static SignalCatalogue fromResource(String resource) {
        InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource);
        if (in == null) {
            in = SignalCatalogue.class.getClassLoader().getResourceAsStream(resource);
        }
        if (in == null) {
            throw new IllegalStateException("signal catalogue resource " + resource + " not found");
        }
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return parse(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read signal catalogue " + resource, e);
        }
    }

    /** Parses the catalogue format; throws IllegalArgumentException naming the offending line. */
    public static SignalCatalogue parse(Reader source) throws IOException {
        BufferedReader reader = new BufferedReader(source);
        Map<String, SignalDefinition> definitions = new LinkedHashMap<>();
        boolean headerSeen = false;
        int lineNumber = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lineNumber++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (!headerSeen) {
                if (!trimmed.equals(HEADER)) {
                    throw new IllegalArgumentException("line " + lineNumber + ": expected the header '" + HEADER + "'");
                }
                headerSeen = true;
                continue;
            }
            try {
                SignalDefinition definition = definition(trimmed);
                if (definitions.putIfAbsent(definition.path(), definition) != null) {
                    throw new IllegalArgumentException("signal " + definition.path() + " is defined twice");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + lineNumber + ": " + e.getMessage(), e);
            }
        }
        if (!headerSeen) {
            throw new IllegalArgumentException("the catalogue is empty: expected the header '" + HEADER + "'");
        }
        return new SignalCatalogue(definitions.values());
    }

    private static SignalDefinition definition(String line) {
        String[] cells = line.split(",", -1);
        if (cells.length != 6) {
            throw new IllegalArgumentException("expected 6 comma-separated cells (" + HEADER + "), got " + cells.length);
        }
        String path = cells[0].strip();
        if (!PATH.matcher(path).matches()) {
            throw new IllegalArgumentException("'" + path + "' is not a VSS path such as Vehicle.Speed");
        }
        SignalType type = SignalType.parse(cells[1]);
        String unit = cells[2].strip();
        if (!UNIT.matcher(unit).matches()) {
            throw new IllegalArgumentException("unit '" + unit + "' of " + path + " is not a VSS unit");
        }
        Double min = number(cells[3], "min", path);
        Double max = number(cells[4], "max", path);
        if ((min != null || max != null) && !type.base().numeric()) {
            throw new IllegalArgumentException(path + " is " + type + ": min/max apply to numbers only");
        }
        if (min != null && max != null && min > max) {
            throw new IllegalArgumentException(path + " has min " + min + " above max " + max);
        }
        String allowedCell = cells[5].strip();
        List<String> allowed = allowedCell.isEmpty() ? List.of()
                : Arrays.stream(allowedCell.split("\\|")).map(String::strip).toList();
        if (!allowed.isEmpty() && type.base() != BaseType.STRING) {
            throw new IllegalArgumentException(path + " is " + type + ": allowed values apply to strings only");
        }
        if (allowed.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException(path + " has an empty allowed value");
        }
        return new SignalDefinition(path, type, unit, min, max, Set.copyOf(allowed));
    }

    private static Double number(String cell, String column, String path) {
        String text = cell.strip();
        if (text.isEmpty()) {
            return null;
        }
        try {
            double value = Double.parseDouble(text);
            if (!Double.isFinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(column + " '" + text + "' of " + path + " is not a finite number");
        }
    }
}
