package dev.tether.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exit codes of every {@code tether} command, one meaning each. Scripts may rely on them; they
 * are listed in each command's {@code --help}.
 */
enum ExitCode {
    /** The command did what was asked and found nothing wrong: valid config, healthy server, no credential, every demo fault recovered, proxy stopped. */
    OK(0, "success: valid config, healthy server, no credential found, every demo fault recovered"),
    /** The check ran and found a problem: a doctor step failed, a credential was found, a demo fault was not recovered or a job was lost. */
    PROBLEM_FOUND(1, "the check ran and found a problem (a doctor step failed, credentials found, a demo fault not recovered)"),
    /** Nothing was checked: invalid configuration or arguments, a missing file, a port in use, or an unexpected error. */
    INVALID(2, "nothing was checked: invalid config or arguments, or an unexpected error");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** The process exit status. */
    int code() {
        return code;
    }

    /** The {@code --help} exit-code list: status to meaning. */
    static Map<String, String> helpList() {
        Map<String, String> list = new LinkedHashMap<>();
        for (ExitCode exit : values()) {
            list.put(Integer.toString(exit.code), exit.meaning);
        }
        return list;
    }
}
