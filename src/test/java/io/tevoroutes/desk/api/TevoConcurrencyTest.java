package io.tevoroutes.desk.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/**
 * The TEvo call limit (AIMD): it grows while TEvo answers and the calls use it, is cut by a fifth once per round of
 * 429s, stays within its bounds, and settles just under what a throttling API takes, with every call eventually made.
 */
class TevoConcurrencyTest {

    final DefaultCamelContext camel = new DefaultCamelContext();

    @Test
    void grows_by_about_one_per_limits_worth_of_answers_while_saturated_and_never_past_max() throws Exception {
        TevoConcurrency c = limiter(4, 6);
        for (int round = 0; round < 40; round++) {
            int slots = (int) c.limit();
            List<Exchange> calls = new ArrayList<>();
            for (int i = 0; i < slots; i++) {
                calls.add(acquired(c));
            }
            calls.forEach(e -> c.release(200, e.getProperty(TevoConcurrency.SLOT, Long.class), e));
        }
        assertThat(c.limit()).isEqualTo(6.0);
        assertThat(c.inFlight()).isZero();
    }

    @Test
    void does_not_grow_while_the_calls_do_not_use_it() throws Exception {
        TevoConcurrency c = limiter(8, 32);
        for (int i = 0; i < 500; i++) {
            Exchange e = acquired(c);
            c.release(200, e.getProperty(TevoConcurrency.SLOT, Long.class), e);
        }
        assertThat(c.limit()).isEqualTo(8.0);
    }

    @Test
    void a_round_of_429s_cuts_once_and_a_later_one_again_down_to_one() throws Exception {
        TevoConcurrency c = limiter(10, 32);
        List<Exchange> round = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            round.add(acquired(c));
        }
        round.forEach(e -> c.release(429, e.getProperty(TevoConcurrency.SLOT, Long.class), e));
        assertThat(c.limit()).isEqualTo(8.0);
        Exchange later = acquired(c);
        c.release(503, later.getProperty(TevoConcurrency.SLOT, Long.class), later);
        assertThat(c.limit()).isCloseTo(6.4, org.assertj.core.data.Offset.offset(0.001));
        Exchange noAnswer = acquired(c);
        c.release(null, noAnswer.getProperty(TevoConcurrency.SLOT, Long.class), noAnswer);
        assertThat(c.limit()).isLessThan(6.0);
        for (int i = 0; i < 100; i++) {
            Exchange e = acquired(c);
            c.release(429, e.getProperty(TevoConcurrency.SLOT, Long.class), e);
        }
        assertThat(c.limit()).isEqualTo(1.0);
        // a slot is given back once, however often release runs
        Exchange e = acquired(c);
        c.release(200, e.getProperty(TevoConcurrency.SLOT, Long.class), e);
        c.release(200, e.getProperty(TevoConcurrency.SLOT, Long.class), e);
        assertThat(c.inFlight()).isZero();
    }

    @Test
    void settles_just_under_what_a_throttling_api_takes_and_every_call_is_made() throws Exception {
        int apiLimit = 10;
        TevoConcurrency c = limiter(4, 32);
        AtomicInteger inApi = new AtomicInteger();
        AtomicInteger throttled = new AtomicInteger();
        AtomicInteger made = new AtomicInteger();
        List<Integer> seenLater = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(40);
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            int n = i;
            calls.add(pool.submit(() -> {
                while (true) { // the route's retry loop
                    Exchange e = acquired(c);
                    int now = inApi.incrementAndGet();
                    if (n > 1500) {
                        seenLater.add(now);
                    }
                    Thread.sleep(1);
                    inApi.decrementAndGet();
                    int status = now > apiLimit ? 429 : 200;
                    c.release(status, e.getProperty(TevoConcurrency.SLOT, Long.class), e);
                    if (status == 200) {
                        made.incrementAndGet();
                        return null;
                    }
                    throttled.incrementAndGet();
                }
            }));
        }
        for (Future<?> f : calls) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(made.get()).isEqualTo(3000);
        // the sawtooth of AIMD at a wall of 10: cut to 0.8 x 11, grown back to 11
        assertThat(c.limit()).as("the limit at the end").isBetween(apiLimit * 0.7, apiLimit + 1.0);
        double mean = seenLater.stream().mapToInt(Integer::intValue).average().orElse(0);
        assertThat(mean).as("calls in flight in the second half, on average").isBetween(apiLimit * 0.6, apiLimit + 1.0);
        assertThat(throttled.get()).as("429s, against 3000 calls").isLessThan(1500);
    }

    private TevoConcurrency limiter(int initial, int max) {
        TevoConcurrency c = new TevoConcurrency();
        c.bounds(initial, max);
        return c;
    }

    private Exchange acquired(TevoConcurrency c) throws InterruptedException {
        Exchange e = new DefaultExchange(camel);
        c.acquire(e);
        return e;
    }
}
