import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDividerModule } from '@angular/material/divider';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatToolbarModule } from '@angular/material/toolbar';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';

import { AuthService } from './core/auth/auth.service';
import { Notifier } from './core/notifier';

interface NavLink {
  path: string;
  label: string;
  icon: string;
}

const ROLE_LABELS: Record<string, string> = {
  student: 'Student',
  author: 'Author',
  admin: 'Administrator',
};

@Component({
  selector: 'app-root',
  imports: [
    RouterOutlet,
    RouterLink,
    RouterLinkActive,
    MatToolbarModule,
    MatButtonModule,
    MatIconModule,
    MatMenuModule,
    MatDividerModule,
  ],
  templateUrl: './app.html',
  styleUrl: './app.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class App {
  protected readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly notifier = inject(Notifier);

  /** The toolbar's links for who is signed in (the server still checks every request). */
  protected readonly links = computed<NavLink[]>(() => {
    const links: NavLink[] = [{ path: '/exams', label: 'Exams', icon: 'quiz' }];
    if (this.auth.hasRole('student')) {
      links.unshift({ path: '/my-courses', label: 'My courses', icon: 'school' });
    }
    if (this.auth.isSignedIn()) {
      links.push({ path: '/me/results', label: 'My results', icon: 'insights' });
    }
    if (this.auth.hasRole('author', 'admin')) {
      links.push({ path: '/author', label: 'Author', icon: 'edit_note' });
      links.push({ path: '/bank', label: 'Bank', icon: 'inventory_2' });
      links.push({ path: '/courses', label: 'Courses', icon: 'groups' });
    }
    if (this.auth.hasRole('admin')) {
      links.push({ path: '/admin', label: 'Admin', icon: 'admin_panel_settings' });
    }
    return links;
  });

  constructor() {
    this.auth.refreshUser();
  }

  protected readonly roleLabel = computed(() => {
    const role = this.auth.role();
    return role ? (ROLE_LABELS[role] ?? role) : '';
  });

  protected signOut(): void {
    this.auth.signOut({ endProviderSession: true });
    void this.router.navigateByUrl('/exams');
    this.notifier.info('You are signed out.');
  }
}
