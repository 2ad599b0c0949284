package io.tevoroutes.desk.state;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Mode auto's daily budget (table substitution_budget), shared by every desk on one state store: an amount is reserved
 * before a create call, in one transaction under the row lock 'substitution-budget' (the embedded store runs every
 * write on one thread), so that two desks never both spend the last of a day's budget. Released when TEvo certainly
 * did not create the order (a 422, or nothing sent); a create whose outcome is unknown keeps its reservation.
 */
@ApplicationScoped
public class SubstitutionBudget {

    @Inject
    StateDatabase db;

    /** Adds amount to the day's spending when it stays within budget: true; false (nothing written) when it would not. */
    public boolean reserve(String day, BigDecimal amount, BigDecimal budget) {
        return db.transaction("reserve " + amount.toPlainString() + " of the substitution budget of " + day, c -> {
            if (!db.serialisesWrites()) {
                StateDatabase.lockRow(c, "substitution-budget");
            }
            BigDecimal spent = null;
            try (PreparedStatement ps = c.prepareStatement("select spent from substitution_budget where budget_day = ?")) {
                ps.setString(1, day);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        spent = rs.getBigDecimal(1);
                    }
                }
            }
            if ((spent == null ? BigDecimal.ZERO : spent).add(amount).compareTo(budget) > 0) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement(spent == null
                    ? "insert into substitution_budget (spent, budget_day) values (?, ?)"
                    : "update substitution_budget set spent = spent + ? where budget_day = ?")) {
                ps.setBigDecimal(1, amount);
                ps.setString(2, day);
                ps.executeUpdate();
            }
            return true;
        });
    }

    /** Gives a reservation back (never below 0). */
    public void release(String day, BigDecimal amount) {
        db.execute("update substitution_budget set spent = case when spent > ? then spent - ? else 0 end where budget_day = ?", ps -> {
            ps.setBigDecimal(1, amount);
            ps.setBigDecimal(2, amount);
            ps.setString(3, day);
        });
    }

    /** What was spent (reserved) on the day; 0 when nothing. */
    public BigDecimal spent(String day) {
        return db.query("select spent from substitution_budget where budget_day = ?", ps -> ps.setString(1, day),
                rs -> rs.next() ? rs.getBigDecimal(1) : BigDecimal.ZERO);
    }
}
