package io.patchrun.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The login form; Spring Security handles its POST. A login refused for too many failures says so and for how
 * long, instead of "wrong password", so nobody keeps typing the right password into a lock.
 */
@Controller
class LoginPage {

    @GetMapping("/login")
    String login(HttpServletRequest request, Model model) {
        HttpSession session = request.getSession(false);
        if (request.getParameter("error") != null && session != null
                && session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION) instanceof LockedException refused) {
            model.addAttribute("refused", refused.getMessage());
        }
        return "login";
    }
}
