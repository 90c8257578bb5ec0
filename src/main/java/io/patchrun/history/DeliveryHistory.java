package io.patchrun.history;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.patchrun.notify.Delivery;
import io.patchrun.notify.DeliveryLog;

/** How each notification of a run was delivered, or why not. */
@Repository
public class DeliveryHistory implements DeliveryLog {

    private final JdbcClient jdbc;

    DeliveryHistory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void record(Delivery delivery) {
        String message = delivery.message().length() > 4000 ? delivery.message().substring(0, 4000) : delivery.message();
        jdbc.sql("INSERT INTO PATCHRUN_DELIVERY (RUN_ID, TARGET, DELIVERED, ATTEMPTS, MESSAGE, AT) VALUES (?, ?, ?, ?, ?, ?)")
                .params(delivery.runId(), delivery.target(), delivery.delivered(), delivery.attempts(), message,
                        RunHistory.ts(delivery.at()))
                .update();
    }

    /** The deliveries of run {@code runId}, in the order they ended. */
    public List<Delivery> of(long runId) {
        return jdbc.sql("SELECT RUN_ID, TARGET, DELIVERED, ATTEMPTS, MESSAGE, AT FROM PATCHRUN_DELIVERY WHERE RUN_ID = ? ORDER BY ID")
                .param(runId)
                .query((rs, row) -> new Delivery(rs.getLong(1), rs.getString(2), rs.getBoolean(3), rs.getInt(4), rs.getString(5),
                        RunHistory.instant(rs.getTimestamp(6))))
                .list();
    }
}
