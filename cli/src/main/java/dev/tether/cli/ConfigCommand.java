package dev.tether.cli;

import dev.tether.config.ConfigResolution;
import dev.tether.config.Problem;
import dev.tether.config.RedisMode;
import dev.tether.config.RedisNode;
import dev.tether.config.RedisSettings;
import dev.tether.config.SettingKey;
import dev.tether.config.ResolvedValue;
import dev.tether.config.SettingSource;
import dev.tether.config.Severity;
import dev.tether.cli.internal.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code tether config}: resolves and validates the settings and shows where each value came from. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = {"Resolve and validate the Redis settings; print every key, its redacted value, its source and what it shadowed.",
                "Exit codes: 0 valid, 2 invalid."})
final class ConfigCommand implements Callable<Integer> {
    @Mixin
    EnvFileOption envFile;

    @Option(names = "--all", description = "Also list every other key visible in any source, redacted.")
    boolean all;

    @Mixin
    JsonOption json;

    private final Cli cli;

    ConfigCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        ConfigResolution resolution = cli.resolve(envFile.envFile);
        if (resolution == null) {
            return ExitCode.INVALID.code();
        }
        if (json.json) {
            cli.out().println(Json.write(toJson(resolution)));
        } else {
            printText(resolution, cli.out());
        }
        cli.out().flush();
        return (resolution.isValid() ? ExitCode.OK : ExitCode.INVALID).code();
    }

    private Map<String, Object> toJson(ConfigResolution r) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("valid", r.isValid());
        List<Object> settings = new ArrayList<>();
        r.values().forEach(v -> settings.add(valueJson(v)));
        root.put("settings", settings);
        if (all) {
            List<Object> others = new ArrayList<>();
            r.otherValues().forEach(v -> others.add(valueJson(v)));
            root.put("other", others);
        }
        r.settings().ifPresent(s -> root.put("connection", connectionJson(r, s)));
        root.put("problems", problemsJson(r.problems()));
        return root;
    }

    private static Map<String, Object> connectionJson(ConfigResolution r, RedisSettings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", s.mode().id());
        m.put("modeSource", modeFrom(r, s));
        m.put("nodes", s.nodes().stream().map(RedisNode::toString).toList());
        s.sentinelMasterId().ifPresent(id -> m.put("sentinelMasterId", id));
        m.put("readFrom", s.readFrom().id());
        m.put("readFromSource", where(r, SettingKey.READ_FROM));
        return m;
    }

    /** Why the mode is what it is: the explicit REDIS_MODE, else the URL's shape, else the server at connect. */
    private static String modeFrom(ConfigResolution r, RedisSettings s) {
        boolean explicit = r.value(SettingKey.MODE).filter(v -> !v.value().reveal().strip().equalsIgnoreCase("auto")).isPresent();
        if (explicit) {
            return where(r, SettingKey.MODE);
        }
        return switch (s.mode()) {
            case SENTINEL -> where(r, SettingKey.URL) + ": a Sentinel URL";
            case CLUSTER -> where(r, SettingKey.URL) + ": " + s.nodes().size() + " seeds";
            default -> "decided at connect: the server says whether it is a cluster node (" + where(r, SettingKey.MODE) + " auto)";
        };
    }

    /** {@code REDIS_MODE (env)}: a key and where its value came from. */
    private static String where(ConfigResolution r, SettingKey key) {
        return key.envName() + r.value(key).map(v -> " (" + v.source() + ")").orElse("");
    }

    private static void printConnection(ConfigResolution r, RedisSettings s, PrintWriter out) {
        out.println();
        out.println("Connection:");
        out.printf("  %-15s %s  [%s]%n", "mode", s.mode().id(), printable(modeFrom(r, s)));
        out.printf("  %-15s %s%n", s.mode() == RedisMode.SENTINEL ? "sentinels" : s.nodes().size() > 1 ? "seeds" : "node",
                printable(String.join(", ", s.nodes().stream().map(RedisNode::toString).toList())));
        s.sentinelMasterId().ifPresent(id -> out.printf("  %-15s %s  [%s]%n", "sentinel master", printable(id), printable(where(r, SettingKey.URL))));
        out.printf("  %-15s %s  [%s]%n", "read from", s.readFrom().id(), printable(where(r, SettingKey.READ_FROM)));
    }

    static List<Object> problemsJson(List<Problem> problems) {
        List<Object> out = new ArrayList<>();
        for (Problem p : problems) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("code", p.code().name());
            m.put("severity", p.severity().name());
            m.put("key", p.key());
            m.put("message", p.message());
            m.put("hint", p.hint());
            out.add(m);
        }
        return out;
    }

    private static Map<String, Object> valueJson(ResolvedValue v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", v.key());
        m.put("property", v.property());
        m.put("value", v.displayValue());
        m.put("source", v.source().name());
        m.put("location", v.source().location());
        List<Object> shadowed = new ArrayList<>();
        for (SettingSource s : v.shadowed()) {
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("source", s.name());
            sm.put("location", s.location());
            shadowed.add(sm);
        }
        m.put("shadowed", shadowed);
        return m;
    }

    private void printText(ConfigResolution r, PrintWriter out) {
        printTable(r.values(), out);
        r.settings().ifPresent(settings -> printConnection(r, settings, out));
        if (all) {
            out.println();
            out.println("Other keys visible in the sources (" + r.otherValues().size() + "):");
            printTable(r.otherValues(), out);
        }
        out.println();
        printProblems(r.problems(), out);
        long errors = r.problems().stream().filter(Problem::isError).count();
        long warnings = r.problems().stream().filter(p -> p.severity() == Severity.WARNING).count();
        out.println(r.isValid()
                ? "valid" + (warnings > 0 ? " (" + warnings + " warning" + (warnings > 1 ? "s" : "") + ")" : "")
                : "invalid: " + errors + " error" + (errors > 1 ? "s" : "") + (warnings > 0 ? ", " + warnings + " warning" + (warnings > 1 ? "s" : "") : ""));
    }

    static void printProblems(List<Problem> problems, PrintWriter out) {
        if (problems.isEmpty()) {
            out.println("No problems.");
            return;
        }
        out.println("Problems (" + problems.size() + "):");
        for (Problem p : problems) {
            out.printf("  %-7s %s%s: %s%n", p.severity(), p.code(), p.key() == null ? "" : " " + printable(p.key()), printable(p.message()));
            if (!p.hint().isEmpty()) {
                out.println("          hint: " + printable(p.hint()));
            }
        }
    }

    private static void printTable(List<ResolvedValue> values, PrintWriter out) {
        int keyWidth = Math.max(3, values.stream().mapToInt(v -> v.key().length()).max().orElse(3));
        int valueWidth = Math.min(60, Math.max(5, values.stream().mapToInt(v -> v.displayValue().length()).max().orElse(5)));
        int sourceWidth = Math.max(6, values.stream().mapToInt(v -> v.source().toString().length()).max().orElse(6));
        String format = "%-" + keyWidth + "s  %-" + valueWidth + "s  %-" + sourceWidth + "s  %s%n";
        out.printf(format, "KEY", "VALUE", "SOURCE", "SHADOWED");
        for (ResolvedValue v : values) {
            List<String> shadowed = v.shadowed().stream().map(SettingSource::toString).toList();
            out.printf(format, printable(v.key()), oneLine(v.displayValue(), valueWidth), printable(v.source().toString()),
                    shadowed.isEmpty() ? "" : printable(String.join(", ", shadowed)));
        }
    }

    private static String oneLine(String s, int width) {
        String flat = printable(s);
        return flat.length() > width ? flat.substring(0, width - 1) + "…" : flat;
    }

    /**
     * {@code s} safe for a terminal: control characters (C0, DEL, C1: ESC sequences that recolour, move
     * the cursor or retitle the window) and bidirectional overrides are written as escapes
     * ({@code \n}, {@code \x1b}, {@code \u202e}) instead of reaching the terminal raw.
     */
    static String printable(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String escape = switch (c) {
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                default -> c < 0x20 || (c >= 0x7f && c <= 0x9f) ? String.format("\\x%02x", (int) c)
                        : (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f
                                ? String.format("\\u%04x", (int) c) : null;
            };
            if (escape != null && out == null) {
                out = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (out != null) {
                if (escape != null) {
                    out.append(escape);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? s : out.toString();
    }
}
