package io.tevoroutes.desk.substitution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.jboss.logging.Logger;

/**
 * The broker's section map (substitution.section-map): a CSV with the columns Section and Tier, one row per section of a
 * venue's chart, a lower tier being better seats (e.g. 1 for the lower bowl's sideline, 3 for the upper deck). A
 * listing in a section of the same or a better tier is as good as the rejected one. Sections compare without case and
 * surrounding spaces; a row without a whole-number tier is skipped and reported by line number.
 */
record SectionTiers(Path file, long modified, Map<String, Integer> tiers) {

    private static final Logger LOG = Logger.getLogger("io.tevoroutes.substitutions");

    static final SectionTiers NONE = new SectionTiers(Path.of(""), -1, Map.of());

    Integer tier(String section) {
        return section == null ? null : tiers.get(section.strip().toLowerCase(Locale.ROOT));
    }

    static SectionTiers read(Path file, long modified) throws IOException {
        Map<String, Integer> tiers = new HashMap<>();
        try (java.io.BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            in.mark(1);
            if (in.read() != '\uFEFF') { // a spreadsheet's byte order mark is not part of the first column's name
                in.reset();
            }
            CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreHeaderCase(true)
                    .setTrim(true).setIgnoreEmptyLines(true).get();
            for (CSVRecord r : format.parse(in)) {
                String section = r.isMapped("Section") && r.isSet("Section") ? r.get("Section") : null;
                String tier = r.isMapped("Tier") && r.isSet("Tier") ? r.get("Tier") : null;
                if (section == null || section.isBlank() || tier == null || !tier.strip().matches("\\d{1,4}")) {
                    LOG.warnf("section map %s, line %d skipped: it needs a Section and a whole-number Tier", file, r.getRecordNumber() + 1);
                    continue;
                }
                tiers.put(section.strip().toLowerCase(Locale.ROOT), Integer.valueOf(tier.strip()));
            }
        }
        LOG.infof("section map %s: %d section(s)", file, tiers.size());
        return new SectionTiers(file, modified, Map.copyOf(tiers));
    }
}
