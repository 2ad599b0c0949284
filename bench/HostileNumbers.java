import java.math.BigDecimal;
import java.math.RoundingMode;

import io.tevoroutes.desk.model.Numbers;

/**
 * What a hostile number costs: the time model/Numbers takes to refuse one (ns per refusal, after warm-up), and the time
 * the old path took on a listing whose wholesale price is 1E+1000000 (what CandidateSearch and the email computed: the
 * increase over the rejected purchase, its percentage, and the increase written out). Prints figures; asserts nothing.
 * Run by bench/hostile-numbers.sh.
 */
public class HostileNumbers {

    public static void main(String[] args) {
        String[] hostile = { "1E+1000000", "1e-1000000", "1E+100000000", "9".repeat(30), "1" + "0".repeat(399), "NaN", "0x10",
                "\u0661\u0662", "1.0000000000000000000001", "-0" };
        int rounds = Integer.getInteger("rounds", 2_000_000);
        long sink = 0;
        for (int warm = 0; warm < 2; warm++) {
            for (String h : hostile) {
                long t0 = System.nanoTime();
                for (int i = 0; i < rounds; i++) {
                    try {
                        Numbers.money(h);
                    } catch (Numbers.Refused e) {
                        sink += e.getMessage().length();
                    }
                }
                long ns = (System.nanoTime() - t0) / rounds;
                if (warm == 1) {
                    System.out.printf("refuse %-28s %6d ns per refusal%n", quote(h), ns);
                }
            }
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            sink += Numbers.money("120.50").scale();
        }
        System.out.printf("read   %-28s %6d ns per reading%n", "120.50", (System.nanoTime() - t0) / rounds);

        // the old path, on one listing at 1E+1000000 against a purchase at 100.00 (CandidateSearch.facts, then describe)
        BigDecimal paid = new BigDecimal("100.00");
        BigDecimal cost = new BigDecimal("1E+1000000");
        long s = System.nanoTime();
        BigDecimal increase = cost.subtract(paid);
        BigDecimal percent = increase.multiply(BigDecimal.valueOf(100)).divide(paid, 2, RoundingMode.HALF_UP);
        long arithmetic = System.nanoTime() - s;
        String shown = increase.toPlainString() + percent.toPlainString();
        long total = System.nanoTime() - s;
        System.out.printf("old path, one listing at 1E+1000000: arithmetic %d ms, written out (%d characters) %d ms in all%n",
                arithmetic / 1_000_000, shown.length(), total / 1_000_000);
        if (sink == 42) {
            System.out.println();
        }
    }

    private static String quote(String s) {
        return s.length() > 24 ? s.substring(0, 12) + "... (" + s.length() + " chars)" : s.replace("\u0661\u0662", "\\u0661\\u0662");
    }
}
