import { ApolloProvider, useQuery } from '@apollo/client/react';
import { Alert, App as AntApp, Button, ConfigProvider, Layout, Menu, Space, Spin, Tag, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { ViewerDocument } from './generated';
import { LangContext, LEVEL, pick, useT, type Lang } from './i18n';
import { createClient, storeToken, storedToken, takeTokenFromLink, type Viewer } from './session';
import { SignIn } from './pages/SignIn';

// each page is its own chunk; the one the address names starts loading at once, beside the viewer query
const load = {
  chain: () => import('./pages/Chain'),
  problems: () => import('./pages/Problems'),
  lists: () => import('./pages/Lists'),
  workflows: () => import('./pages/workflows/Workflows'),
};
const ChainPage = lazy(load.chain);
const ProblemsPage = lazy(load.problems);
const ListsPage = lazy(load.lists);
const WorkflowsPage = lazy(load.workflows);

type Page = 'chain' | 'problems' | 'lists' | 'workflows';
const PAGES: Page[] = ['chain', 'problems', 'lists', 'workflows'];

function pageFromPath(): Page | 'signin' {
  const seg = window.location.pathname.replace(/^\/console\/?/, '').split('/')[0];
  return (PAGES as string[]).includes(seg ?? '') ? (seg as Page) : seg === 'signin' ? 'signin' : 'chain';
}

{
  const first = pageFromPath();
  void load[first === 'signin' ? 'chain' : first]();
}

export function App() {
  const [lang, setLang] = useState<Lang>(() => (localStorage.getItem('shudi.console.lang') === 'en' ? 'en' : 'zh'));
  const [token, setToken] = useState<string | null>(() => {
    const fromLink = takeTokenFromLink();
    if (fromLink) storeToken(fromLink);
    return fromLink ?? storedToken();
  });
  const client = useMemo(() => createClient(token), [token]);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    localStorage.setItem('shudi.console.lang', lang);
  }, [lang]);
  const signIn = (t: string | null) => {
    storeToken(t);
    setToken(t);
  };
  return (
    <LangContext.Provider value={lang}>
      <ConfigProvider
        locale={lang === 'zh' ? zhCN : enUS}
        button={{ autoInsertSpace: false }}
        theme={{ token: { colorPrimary: '#b22222', borderRadius: 4 }, zeroRuntime: true }}
      >
        <AntApp>
          <ApolloProvider client={client}>
            <Shell token={token} onSignIn={signIn} lang={lang} onLang={() => setLang(lang === 'zh' ? 'en' : 'zh')} />
          </ApolloProvider>
        </AntApp>
      </ConfigProvider>
    </LangContext.Provider>
  );
}

function Shell(props: { token: string | null; onSignIn: (t: string | null) => void; lang: Lang; onLang: () => void }) {
  const t = useT();
  const [page, setPage] = useState(pageFromPath);
  const [anonymous, setAnonymous] = useState(false);
  const { data, loading, error } = useQuery(ViewerDocument, { fetchPolicy: 'network-only' });
  const viewer = (data?.viewer ?? null) as Viewer | null;
  useEffect(() => {
    const onPop = () => setPage(pageFromPath());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const go = (p: Page | 'signin') => {
    history.pushState(null, '', `/console/${p}`);
    setPage(p);
  };
  const signedIn = !!viewer?.subject;
  const showSignIn = page === 'signin' || (!signedIn && !anonymous) || (!!error && !!props.token);
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        className="shudi-header"
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 16,
          padding: '0 16px',
          flexWrap: 'wrap',
          height: 'auto',
          lineHeight: '56px',
        }}
      >
        <Typography.Title level={4} style={{ color: '#fff', margin: 0, whiteSpace: 'nowrap' }}>
          shudi 属地
        </Typography.Title>
        <Menu
          theme="dark"
          mode="horizontal"
          selectedKeys={[page]}
          style={{ flex: 1, minWidth: 200 }}
          items={PAGES.map((p) => ({
            key: p,
            label: (
              <a
                href={`/console/${p}`}
                onClick={(e) => {
                  e.preventDefault();
                  go(p);
                }}
              >
                {t(p)}
              </a>
            ),
          }))}
        />
        <Space wrap>
          {viewer && (
            <span data-testid="whoami" style={{ color: '#fff' }}>
              {viewer.subject ?? t('anonymous')}
              {viewer.role && (
                <Tag color="gold" style={{ marginLeft: 8 }}>
                  {viewer.role}
                </Tag>
              )}
              {viewer.role && (
                <Tag>
                  {viewer.scope ? `${viewer.scope.name} ${pick(props.lang, LEVEL[viewer.scope.level])}` : t('everywhere')}
                </Tag>
              )}
            </span>
          )}
          <Button size="small" onClick={props.onLang} aria-label="language">
            {t('language')}
          </Button>
          {signedIn ? (
            <Button
              size="small"
              onClick={() => {
                props.onSignIn(null);
                setAnonymous(false);
                go('signin');
              }}
            >
              {t('signOut')}
            </Button>
          ) : (
            <Button size="small" onClick={() => go('signin')}>
              {t('signIn')}
            </Button>
          )}
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 16, maxWidth: 1400, width: '100%', margin: '0 auto' }}>
        {loading && !data ? (
          <Spin />
        ) : showSignIn ? (
          <SignIn
            viewer={error ? null : viewer}
            failed={!!error && !!props.token}
            onToken={(tok) => {
              props.onSignIn(tok);
              go('chain');
            }}
            onAnonymous={() => {
              props.onSignIn(null);
              setAnonymous(true);
              go('chain');
            }}
          />
        ) : (
          <Suspense fallback={<Spin />}>
            {error && <Alert type="error" title={t('error')} description={error.message} />}
            {page === 'chain' && <ChainPage viewer={viewer} />}
            {page === 'problems' && <ProblemsPage viewer={viewer} token={props.token} />}
            {page === 'lists' && <ListsPage viewer={viewer} token={props.token} />}
            {page === 'workflows' && <WorkflowsPage viewer={viewer} />}
          </Suspense>
        )}
      </Layout.Content>
    </Layout>
  );
}
