package io.somining.gateway.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The origins other than its own that the gateway lets browsers call it from (GATEWAY_CORS_ORIGINS, none by default:
 * the web application is served by the gateway). Refused at startup: any origin ({@code *}) and {@code null}, the
 * origin of sandboxed frames and local files, which anyone can take, as an entry or matched by a regular expression.
 */
@ApplicationScoped
public class CorsOrigins {

    @ConfigProperty(name = "quarkus.http.cors.origins")
    Optional<List<String>> origins;

    void check(@Observes StartupEvent start) {
        origins.orElse(List.of()).forEach(CorsOrigins::check);
    }

    public static void check(String origin) {
        boolean regex = origin.length() > 1 && origin.startsWith("/") && origin.endsWith("/");
        boolean any = origin.equals("*") || regex && Pattern.compile(origin.substring(1, origin.length() - 1)).matcher("https://any.example").matches();
        boolean nullOrigin = origin.equals("null") || regex && Pattern.compile(origin.substring(1, origin.length() - 1)).matcher("null").matches();
        if (any || nullOrigin) {
            throw new IllegalStateException("GATEWAY_CORS_ORIGINS: '" + origin + "' would let " + (nullOrigin
                    ? "the origin 'null' (sandboxed frames, local files: anyone)" : "any origin")
                    + " call the API with its users' tokens; list the dashboards' origins, e.g. https://dashboard.example");
        }
    }
}
