package io.patchrun.wiring;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;

import io.patchrun.history.DeliveryHistory;
import io.patchrun.notify.Deliveries;
import io.patchrun.notify.DeliveryException;
import io.patchrun.notify.Mailer;
import io.patchrun.notify.Messages;
import io.patchrun.notify.Notifier;
import io.patchrun.time.Pause;

/** Notifications: the HTTP client, Spring Mail (when {@code spring.mail.host} is set), retries, the delivery record. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({NotifyWiring.NotifyProperties.class, NotifyWiring.UiAddress.class})
class NotifyWiring {

    /** @param externalUrl how links in notifications reach the UI ({@code patchrun.external-url}) */
    @ConfigurationProperties("patchrun")
    record UiAddress(URI externalUrl) {
        UiAddress {
            externalUrl = externalUrl == null ? URI.create("http://127.0.0.1:8080") : externalUrl;
        }
    }

    /**
     * @param sender      the From address of e-mails
     * @param retryDelays the waits before each further attempt of a failed delivery
     */
    @ConfigurationProperties("patchrun.notify")
    record NotifyProperties(String sender, List<Duration> retryDelays) {
        NotifyProperties {
            sender = sender == null ? "patchrun@localhost" : sender;
            retryDelays = retryDelays == null ? List.of(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(25))
                    : List.copyOf(retryDelays);
        }
    }

    @Bean(destroyMethod = "shutdownNow")
    ExecutorService notificationThreads() {
        return Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "notify");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean
    Notifier notifier(NotifyProperties properties, UiAddress ui, DeliveryHistory deliveries, Clock clock, ObjectProvider<JavaMailSender> mail,
                      ExecutorService notificationThreads) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
        return new Notifier(new Messages(ui.externalUrl()),
                new Deliveries(properties.retryDelays(), Pause.sleeping(), clock, deliveries),
                http, mailer(mail.getIfAvailable(), properties.sender()), notificationThreads);
    }

    private static Mailer mailer(JavaMailSender sender, String from) {
        if (sender == null) {
            return (to, subject, body) -> {
                throw new DeliveryException("e-mail is not set up: set spring.mail.host (and spring.mail.port, .username, .password)");
            };
        }
        return (to, subject, body) -> {
            SimpleMailMessage message = new SimpleMailMessage();
            message.setFrom(from);
            message.setTo(to.toArray(String[]::new));
            message.setSubject(subject);
            message.setText(body);
            try {
                sender.send(message);
            } catch (MailException e) {
                throw new DeliveryException("e-mail to " + String.join(", ", to) + " failed: " + e.getMessage());
            }
        };
    }
}
