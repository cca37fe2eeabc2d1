package dev.herald.spring.boot.security;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;

/**
 * The starter's security chain for the hub's requests, which yields to a chain of the application's own for them: a
 * request to the hub is taken here unless another chain with a security matcher of its own (not one for any request,
 * such as Spring Boot's default chain or an application's catch-all) matches it too. An application that writes a
 * chain for the hub's paths thus secures them its own way, whatever the chains' order; any other chain never sees the
 * hub's requests.
 */
final class HubSecurityFilterChain implements SecurityFilterChain {

    private final DefaultSecurityFilterChain chain;
    private final ObjectProvider<SecurityFilterChain> chains;
    private volatile List<SecurityFilterChain> ownChains;

    HubSecurityFilterChain(DefaultSecurityFilterChain chain, ObjectProvider<SecurityFilterChain> chains) {
        this.chain = chain;
        this.chains = chains;
    }

    @Override
    public boolean matches(HttpServletRequest request) {
        return chain.matches(request) && ownChains().stream().noneMatch(own -> own.matches(request));
    }

    @Override
    public List<Filter> getFilters() {
        return chain.getFilters();
    }

    /** The application's chains with a matcher of their own, found once every chain exists (at the first request). */
    private List<SecurityFilterChain> ownChains() {
        List<SecurityFilterChain> own = ownChains;
        if (own == null) {
            own = chains.orderedStream().filter(other -> other != this).filter(other ->
                    !(other instanceof DefaultSecurityFilterChain plain
                            && plain.getRequestMatcher() instanceof AnyRequestMatcher)).toList();
            ownChains = own;
        }
        return own;
    }

    @Override
    public String toString() {
        return "HubSecurityFilterChain[" + chain.getRequestMatcher() + "]";
    }
}
