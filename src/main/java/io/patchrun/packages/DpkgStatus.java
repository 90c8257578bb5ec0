package io.patchrun.packages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Debian's package database, {@code /var/lib/dpkg/status}: stanzas of {@code Field: value} lines separated by blank
 * lines, a value going on in lines that start with a space or tab. Only packages whose {@code Status} is
 * {@code install ok installed} are in the image; removed ones keep a stanza with another status.
 */
public final class DpkgStatus {

    static final String INSTALLED = "install ok installed";

    private DpkgStatus() {
    }

    /** The installed packages of a {@code status} file. */
    public static List<InstalledPackage> installed(String text) {
        return parse(text, true);
    }

    /**
     * The packages of one file of {@code /var/lib/dpkg/status.d/} (distroless images), whose stanzas often carry no
     * {@code Status}: those count as installed, those with another status than installed do not.
     */
    public static List<InstalledPackage> statusD(String text) {
        return parse(text, false);
    }

    private static List<InstalledPackage> parse(String text, boolean statusRequired) {
        List<InstalledPackage> packages = new ArrayList<>();
        for (Map<String, String> stanza : stanzas(text)) {
            String status = stanza.get("Status");
            boolean installed = status == null ? !statusRequired : INSTALLED.equals(status.strip().replaceAll("\\s+", " "));
            String name = stanza.get("Package");
            if (installed && name != null && !name.isBlank()) {
                packages.add(new InstalledPackage(name, stanza.get("Version"), sourceName(stanza.get("Source")), stanza.get("Architecture")));
            }
        }
        return packages;
    }

    /** {@code Source: openssl (3.0.11-1~deb12u2)} names the source package and, when it differs, its version. */
    private static String sourceName(String source) {
        if (source == null) {
            return null;
        }
        int paren = source.indexOf('(');
        return (paren < 0 ? source : source.substring(0, paren)).strip();
    }

    private static List<Map<String, String>> stanzas(String text) {
        List<Map<String, String>> stanzas = new ArrayList<>();
        Map<String, String> stanza = new LinkedHashMap<>();
        String last = null;
        for (String line : text.split("\\R")) {
            if (line.isBlank()) {
                if (!stanza.isEmpty()) {
                    stanzas.add(stanza);
                    stanza = new LinkedHashMap<>();
                }
                last = null;
            } else if (line.startsWith(" ") || line.startsWith("\t")) {
                if (last != null) {
                    stanza.merge(last, "\n" + line.strip(), String::concat);
                }
            } else {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    last = line.substring(0, colon).strip();
                    stanza.put(last, line.substring(colon + 1).strip());
                }
            }
        }
        if (!stanza.isEmpty()) {
            stanzas.add(stanza);
        }
        return stanzas;
    }
}
