import { Alert, Button, Card, Descriptions, Input, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { LEVEL, pick, useT } from '../i18n';
import { useContext } from 'react';
import { LangContext } from '../i18n';
import type { Viewer } from '../session';

/** Paste a token (or arrive through the CLI's link); shows who the server says you are. */
export function SignIn(props: { viewer: Viewer | null; failed: boolean; onToken: (t: string) => void; onAnonymous: () => void }) {
  const t = useT();
  const lang = useContext(LangContext);
  const [token, setToken] = useState('');
  const v = props.viewer;
  return (
    <Card title={t('signIn')} style={{ maxWidth: 720, margin: '24px auto' }}>
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        {props.failed && <Alert type="error" showIcon title={t('invalidToken')} />}
        <Typography.Paragraph type="secondary">{t('tokenHelp')}</Typography.Paragraph>
        <Input.TextArea
          aria-label={t('token')}
          placeholder="eyJhbGciOi…"
          autoSize={{ minRows: 3, maxRows: 6 }}
          value={token}
          onChange={(e) => setToken(e.target.value.trim())}
        />
        <Space wrap>
          <Button type="primary" disabled={!token} onClick={() => props.onToken(token)}>
            {t('signIn')}
          </Button>
          <Button onClick={props.onAnonymous}>{t('continueAnonymous')}</Button>
        </Space>
        {v?.subject && (
          <Descriptions bordered size="small" column={1} data-testid="viewer">
            <Descriptions.Item label={t('token')}>{v.subject}</Descriptions.Item>
            <Descriptions.Item label={t('role')}>
              <Tag color="gold">{v.role}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('scope')}>
              {v.scope ? `${v.scope.name}（${v.scope.code}，${pick(lang, LEVEL[v.scope.level])}）` : t('everywhere')}
            </Descriptions.Item>
            <Descriptions.Item label={t('mayWrite')}>
              {v.mayWrite.length ? v.mayWrite.join(', ') : t('nothing')}
            </Descriptions.Item>
          </Descriptions>
        )}
      </Space>
    </Card>
  );
}
