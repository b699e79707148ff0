import { BellOutlined } from '@ant-design/icons';
import { Badge, Button } from 'antd';
import { useNavigate } from 'react-router';
import { rt } from './locale';
import { useUnreadCount } from './queries';

/** The header's bell: the unread count, opening the inbox. */
export function InboxBell() {
  const unread = useUnreadCount();
  const navigate = useNavigate();
  const n = unread.data?.unread ?? 0;
  return (
    <Badge count={n} size="small" overflowCount={99}>
      <Button
        type="text"
        icon={<BellOutlined aria-hidden="true" />}
        aria-label={rt.inbox.bell(n)}
        title={rt.inbox.bell(n)}
        onClick={() => navigate('/inbox')}
      />
    </Badge>
  );
}
