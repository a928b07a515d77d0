import type { ReactNode } from 'react';
import { Footer, Header, SkipLink } from 'nhsuk-react-components';
import type { Role } from '../db/schema';

export interface LayoutUser {
  displayName: string;
  roles: Role[];
}

export interface NavItem {
  href: string;
  text: string;
}

export interface LayoutProps {
  title: string;
  serviceName: string;
  user: LayoutUser | null;
  nav: NavItem[];
  /** For pages that show an error summary: the title gets "Error: " as NHS guidance asks. */
  hasErrors?: boolean;
  /** Pages with their own back link put it above <main>, as the design system asks. */
  backLink?: ReactNode;
  assetVersion: string;
  /** The versioned URL of a static asset (content-hashed, cached for a year). */
  assetUrl?: (name: string) => string;
  nhsFonts: boolean;
  /** A CSRF token for the header's sign-out button (one step, a POST); a link to /sign-out without it. */
  signOutCsrf?: string;
  /** Signed in: the script that warns before the idle sign-out, and how long that is. */
  sessionTimeout?: { scriptUrl: string; idleSeconds: number };
  children: ReactNode;
}

export function Layout(props: LayoutProps) {
  const { title, serviceName, user, nav, hasErrors, children, assetVersion } = props;
  const fullTitle = `${hasErrors ? 'Error: ' : ''}${title} – ${serviceName} – NHS`;
  const asset = props.assetUrl ?? ((name: string) => `/static/${name}?v=${assetVersion}`);
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{fullTitle}</title>
        <link rel="stylesheet" href={asset('nhsuk-frontend.min.css')} />
        <link rel="stylesheet" href={asset('rapport.css')} />
        <link rel="icon" href="/assets/images/favicon.ico" sizes="48x48" />
        <link rel="icon" href="/assets/images/favicon.svg" sizes="any" type="image/svg+xml" />
        <script src={asset('js-enabled.js')}></script>
        <script type="module" src={asset('init.js')}></script>
        {props.sessionTimeout ? (
          <script type="module" src={props.sessionTimeout.scriptUrl}></script>
        ) : null}
      </head>
      <body data-session-idle-seconds={props.sessionTimeout?.idleSeconds}>
        <SkipLink href="#maincontent" />
        <Header service={{ text: serviceName, href: '/' }}>
          {user ? (
            <Header.Account>
              <Header.AccountItem href="/account">{user.displayName}</Header.AccountItem>
              {props.signOutCsrf ? (
                <li className="nhsuk-header__account-item">
                  <form
                    className="nhsuk-header__account-form"
                    method="post"
                    action="/sign-out"
                    noValidate
                  >
                    <input type="hidden" name="_csrf" value={props.signOutCsrf} />
                    <button className="nhsuk-header__account-button" type="submit">
                      Sign out
                    </button>
                  </form>
                </li>
              ) : (
                <Header.AccountItem href="/sign-out">Sign out</Header.AccountItem>
              )}
            </Header.Account>
          ) : (
            <Header.Account>
              <Header.AccountItem href="/sign-in">Sign in</Header.AccountItem>
            </Header.Account>
          )}
          <Header.Navigation>
            {nav.map((item) => (
              <Header.NavigationItem key={item.href} href={item.href}>
                {item.text}
              </Header.NavigationItem>
            ))}
          </Header.Navigation>
        </Header>
        {/* A landmark, so someone moving by landmarks with a screen reader finds it at once. */}
        <aside className="rapport-urgent-help-bar" aria-label="Urgent help">
          <div className="nhsuk-width-container">
            <p className="nhsuk-body-s nhsuk-u-margin-0">
              Need help now? <a href="/urgent-help">Get help now</a> – call 999 if a life is at
              risk, or NHS 111 (option 2) for urgent mental health help.
            </p>
          </div>
        </aside>
        <div className="nhsuk-width-container">
          {props.backLink ? <nav aria-label="Back">{props.backLink}</nav> : null}
          <main className="nhsuk-main-wrapper" id="maincontent">
            {children}
          </main>
        </div>
        <Footer>
          <Footer.List>
            <Footer.ListItem href="/urgent-help">Get help now</Footer.ListItem>
            <Footer.ListItem href="/accessibility">Accessibility statement</Footer.ListItem>
            <Footer.ListItem href="/privacy">Privacy notice</Footer.ListItem>
            <Footer.ListItem href="/ipt">About interpersonal therapy</Footer.ListItem>
          </Footer.List>
          <Footer.Meta>
            <Footer.Copyright>
              © {serviceName}. Runs on Rapport, open-source software.
            </Footer.Copyright>
          </Footer.Meta>
        </Footer>
      </body>
    </html>
  );
}
