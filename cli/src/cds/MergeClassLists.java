import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Merges the class lists of the CDS training runs into one, each line once, in first-seen order:
 * {@code java MergeClassLists.java OUT IN...}. Run by cli/pom.xml as a single-file program at
 * package time; not part of the CLI.
 */
public final class MergeClassLists {
    public static void main(String[] args) throws IOException {
        Set<String> lines = new LinkedHashSet<>();
        for (int i = 1; i < args.length; i++) {
            lines.addAll(Files.readAllLines(Path.of(args[i])));
        }
        Files.write(Path.of(args[0]), lines);
    }
}
